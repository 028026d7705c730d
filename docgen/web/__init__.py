"""`docgen serve`: the clerk's front door — drafting, preview, issuing and the register in a browser."""
