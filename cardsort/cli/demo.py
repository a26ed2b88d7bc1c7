"""placeholder"""
import click
def register(root: click.Group) -> None:
    pass
