"""The participant's tree-test app: welcome → one screen per task → done (one widget a module)."""
