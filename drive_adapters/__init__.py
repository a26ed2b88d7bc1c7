"""One interface for listing and changing a drive: local/SMB, OneDrive/SharePoint, Google Drive."""
