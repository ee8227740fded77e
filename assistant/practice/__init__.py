"""Role-play practice: frontline staff rehearse a difficult customer conversation and get a
scorecard against shared criteria."""
