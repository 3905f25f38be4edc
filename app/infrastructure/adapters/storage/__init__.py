"""Where export files live: local disk (default) or an S3 bucket, and the signed links to them."""
