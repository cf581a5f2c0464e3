"""items can be done (expand: a column with a default, old code keeps working)

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("items", sa.Column("done", sa.Boolean, nullable=False,
                                     server_default=sa.false()))


def downgrade():
    op.drop_column("items", "done")
