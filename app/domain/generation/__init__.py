"""Generation (04b) in the domain's terms: ranking, documents, scores and the truthfulness guard."""
