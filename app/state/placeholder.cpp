// Placeholder so the galaxy_app_state target has a source until its first real file lands.
