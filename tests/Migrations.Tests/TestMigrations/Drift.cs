using FluentMigrator;

namespace Pipeline.Migrations.Tests.TestMigrations.Drift.Original
{
    [Migration(1)]
    public sealed class CreateNotes : Migration
    {
        public override void Up() => Create.Table("notes").WithColumn("body").AsString(100).Nullable();

        public override void Down() => Delete.Table("notes");
    }
}

namespace Pipeline.Migrations.Tests.TestMigrations.Drift.Edited
{
    /// <summary>The same migration, edited after it was applied (SQLite ignores string lengths, hence the default too).</summary>
    [Migration(1)]
    public sealed class CreateNotes : Migration
    {
        public override void Up() => Create.Table("notes").WithColumn("body").AsString(500).Nullable().WithDefaultValue("");

        public override void Down() => Delete.Table("notes");
    }

    [Migration(2)]
    public sealed class AddNoteTitle : Migration
    {
        public override void Up() => Alter.Table("notes").AddColumn("title").AsString(100).Nullable();

        public override void Down() => Delete.Column("title").FromTable("notes");
    }
}
