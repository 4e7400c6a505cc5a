"""What the user is about to send, without Qt: which options the rules allow for the chosen model and
frames, whether Generate can run (and why not), the pause after a submission, the request that would be
sent (:mod:`.form_policy`, :mod:`.resend_guard`), and a batch of pictures dropped: one video each, and
its cost (:mod:`.batch`). The window's controllers (``gui/composer``) build the state from the widgets,
ask these, and show the answer."""
