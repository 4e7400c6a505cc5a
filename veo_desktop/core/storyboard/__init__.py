"""Storyboards: a start picture and a list of shots, filmed one after another (each from the last frame
of the one before) and cut into one film. ``document`` (the file), ``validation`` (before anything is
sent), ``progress`` (what was sent, kept beside the file), ``plan`` (where each shot stands, the cost),
``filming`` (on the task manager) and ``film_output`` (the film and its list). No Qt."""
