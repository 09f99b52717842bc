"""Pages of the incidents app, by area."""
