// Placeholder until HTTPClient's first real file lands; delete it then.
