"""The docket model every docket source shares, how records of one case merge, and how they are kept."""
