// Placeholder until TestSupport's first real file lands; delete it then.
