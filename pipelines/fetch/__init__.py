"""Clients of live services (CourtListener's API): they save what they fetch and never load it."""
