// The one way app logic runs long work off the UI thread: a BackgroundJob runs a function on a
// std::thread with progress, a stage name and cancellation, and the UI thread polls for its result
// each frame (loading a galaxy, clustering). Exceptions thrown by the work come back as the error.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

namespace galaxy::app {

// What the work sees: report progress (0..1) and a stage, and whether it was asked to stop.
class JobControl {
 public:
  void report(float fraction, const char* stage = nullptr) {
    progress_ = fraction;
    if (stage) {
      std::lock_guard<std::mutex> lock(mutex_);
      stage_ = stage;
    }
  }
  bool cancelled() const { return cancel_.load(); }

 private:
  template <typename>
  friend class BackgroundJob;
  std::atomic<bool> cancel_{false};
  std::atomic<float> progress_{0.0f};
  mutable std::mutex mutex_;
  std::string stage_;
};

template <typename Result>
class BackgroundJob {
 public:
  struct Outcome {
    std::optional<Result> result;  // empty when the work failed
    std::string error;             // its exception's message
  };

  BackgroundJob() = default;
  ~BackgroundJob() {
    cancel();
    join();
  }
  BackgroundJob(const BackgroundJob&) = delete;
  BackgroundJob& operator=(const BackgroundJob&) = delete;

  // Starts `work` (called with the job's control on a new thread); false while one still runs.
  bool start(std::function<Result(JobControl&)> work, std::string first_stage = {}) {
    if (busy_.load()) return false;
    join();  // the previous worker has finished; reap it
    control_ = std::make_shared<JobControl>();
    control_->stage_ = std::move(first_stage);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      outcome_.reset();
    }
    busy_ = true;
    worker_ = std::thread([this, control = control_, work = std::move(work)] {
      Outcome outcome;
      try {
        outcome.result = work(*control);
      } catch (const std::exception& error) {
        outcome.error = error.what();
      } catch (...) {
        outcome.error = "unknown error";
      }
      {
        std::lock_guard<std::mutex> lock(mutex_);
        // A cancelled job's outcome is dropped: whoever cancelled it has moved on.
        if (!control->cancelled()) outcome_ = std::move(outcome);
      }
      busy_ = false;
    });
    return true;
  }

  bool busy() const { return busy_.load(); }
  // Asks the running work to stop (it checks JobControl::cancelled()); its outcome is dropped.
  void cancel() {
    if (control_) control_->cancel_ = true;
  }
  float progress() const { return control_ ? control_->progress_.load() : 0.0f; }
  std::string stage() const {
    if (!control_) return {};
    std::lock_guard<std::mutex> lock(control_->mutex_);
    return control_->stage_;
  }

  // Cancels the running work and waits for it to end (before starting a replacement).
  void stop() {
    cancel();
    join();
  }

  // The outcome of the finished work, once (UI thread, each frame).
  std::optional<Outcome> poll() {
    if (busy_.load()) return std::nullopt;
    std::lock_guard<std::mutex> lock(mutex_);
    return std::exchange(outcome_, std::nullopt);
  }
  // Waits for the running work to end (tests, scripted runs), then polls.
  std::optional<Outcome> wait() {
    join();
    return poll();
  }

 private:
  void join() {
    if (worker_.joinable()) worker_.join();
  }

  std::thread worker_;
  std::shared_ptr<JobControl> control_;
  std::atomic<bool> busy_{false};
  std::mutex mutex_;
  std::optional<Outcome> outcome_;
};

}  // namespace galaxy::app
