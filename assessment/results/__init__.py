"""Staff pages of a closed cycle's results, read through the anonymity gate."""
