// The session the window and `galaxy render` share, without a window: bookmarks and tours shown
// through it give the state and camera a bare AppState and the framing rule give, exports and
// notes work, and time moves tours and notes on.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "app/session/session.h"
#include "app/state/framing.h"
#include "seeded_galaxy.h"

namespace galaxy::session {
namespace {

namespace fs = std::filesystem;

app::Tour two_step_tour() {
  app::Tour tour;
  app::Bookmark king;
  king.name = "king";
  king.selected_word = "king";
  king.caption = "king and its neighbours";
  app::Bookmark analogy;
  analogy.name = "analogy";
  analogy.analogy.a = "man";
  analogy.analogy.b = "king";
  analogy.analogy.c = "woman";
  tour.steps = {king, analogy};
  return tour;
}

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    session.set_echo_notes(false);
    session.state().set_dataset(app::make_dataset(app::testing::seeded_galaxy()));
    session.state().sky().frame_overview(session.camera(), session.aspect());
  }
  Session session;
};

TEST_F(SessionTest, ATourStepShowsTheBookmarksStateAndTheSharedFramingsCamera) {
  session.start_tour(two_step_tour());
  for (std::size_t i = 0; i < 2; ++i) {
    const app::Bookmark step = two_step_tour().steps[i];
    EXPECT_TRUE(session.show_tour_step_now(i).empty());
    // The state: as a bare AppState shows the bookmark.
    app::AppState bare;
    bare.set_dataset(session.state().dataset_ptr());
    bare.apply_bookmark(step, 0.0f);
    bare.settle();
    EXPECT_EQ(session.state().analysis().selected(), bare.analysis().selected()) << step.name;
    EXPECT_EQ(session.state().focus().rows, bare.focus().rows) << step.name;
    // The camera: the framing rule's, arrived at.
    EXPECT_FALSE(session.camera().flying());
    const app::CameraPose expected =
        app::frame_tour_step(session.state(), step, session.camera(), session.aspect(), true)
            .pose();
    EXPECT_EQ(session.camera().pose().target, expected.target) << step.name;
    EXPECT_EQ(session.camera().pose().distance, expected.distance) << step.name;
  }
  EXPECT_EQ(session.bookmarks().current, 1u);
}

TEST_F(SessionTest, ABookmarkFileIsShownAndABadOneSaysWhy) {
  const fs::path dir =
      fs::temp_directory_path() / ("galaxy-session-" + std::to_string(std::random_device{}()));
  fs::create_directories(dir);
  const std::string file = (dir / "views.json").string();
  app::write_tour(file, two_step_tour(), false);
  EXPECT_EQ(session.show_bookmark_now(file, 1), "");
  EXPECT_TRUE(session.state().analysis().analogy().solved());
  EXPECT_EQ(session.show_bookmark_now(file, 5), file + ": has 2 bookmarks, not 6");
  EXPECT_NE(session.show_bookmark_now((dir / "none.json").string(), 0).find("none.json"),
            std::string::npos);
  fs::remove_all(dir);
}

TEST_F(SessionTest, ExportsGoToTheFolderAndMissingInputIsANote) {
  const fs::path dir =
      fs::temp_directory_path() / ("galaxy-session-" + std::to_string(std::random_device{}()));
  fs::create_directories(dir);
  session.export_tsv(ExportKind::Neighbours, dir.string());
  EXPECT_TRUE(session.status().error);
  EXPECT_EQ(session.status().text, "select a word first");
  session.go_to_word(*session.state().dataset()->embedding.find("queen"));
  session.export_tsv(ExportKind::Neighbours, dir.string());
  EXPECT_FALSE(session.status().error) << session.status().text;
  EXPECT_TRUE(fs::exists(dir / "neighbours-queen.tsv"));
  session.export_tsv(ExportKind::Projection, dir.string());
  EXPECT_TRUE(fs::exists(dir / "projection-pca.tsv")) << session.status().text;
  fs::remove_all(dir);
}

TEST_F(SessionTest, TimeFliesTheCameraEndsNotesAndAdvancesAPlayingTour) {
  session.note("hello");
  session.go_to_word(*session.state().dataset()->embedding.find("king"));
  EXPECT_TRUE(session.camera().flying());
  for (int i = 0; i < 30; ++i) session.update(0.1f);
  EXPECT_FALSE(session.camera().flying());
  EXPECT_LT(session.clock(), session.status().shown_until);
  for (int i = 0; i < 40; ++i) session.update(0.1f);
  EXPECT_GT(session.clock(), session.status().shown_until);

  app::Tour tour = two_step_tour();
  tour.steps[0].duration_seconds = 1.0f;
  session.start_tour(tour);
  session.bookmarks().auto_advance = true;
  for (int i = 0; i < 15; ++i) session.update(0.1f);
  EXPECT_EQ(session.tour_player().index(), 1u);
  EXPECT_TRUE(session.state().analysis().analogy().solved());
}

TEST_F(SessionTest, BookmarksAddedWhilePlayingJoinTheTourAndRemovingOneStopsIt) {
  session.start_tour(two_step_tour());
  session.add_bookmark();
  EXPECT_EQ(session.bookmarks().tour.steps.size(), 3u);
  EXPECT_EQ(session.tour_player().size(), 3u);
  EXPECT_TRUE(session.next_step());
  session.remove_bookmark(0);
  EXPECT_FALSE(session.bookmarks().playing);
  EXPECT_EQ(session.bookmarks().tour.steps.size(), 2u);
  EXPECT_FALSE(session.next_step());
}

}  // namespace
}  // namespace galaxy::session
