using FluentMigrator;

namespace Pipeline.Migrations.Tests.TestMigrations.Slow;

/// <summary>Each migration records that it ran and takes a moment, so concurrent runners overlap.</summary>
public abstract class RecordingMigration : Migration
{
    public override void Up() => Execute.Sql($"SELECT pg_sleep(0.15); INSERT INTO applications (version) VALUES ({GetType().Name[^1]})");

    public override void Down() => Execute.Sql($"DELETE FROM applications WHERE version = {GetType().Name[^1]}");
}

[Migration(1)]
public sealed class CreateApplications : Migration
{
    public override void Up() => Create.Table("applications").WithColumn("version").AsInt32().NotNullable();

    public override void Down() => Delete.Table("applications");
}

[Migration(2)]
public sealed class Step2 : RecordingMigration;

[Migration(3)]
public sealed class Step3 : RecordingMigration;

[Migration(4)]
public sealed class Step4 : RecordingMigration;

[Migration(5)]
public sealed class Step5 : RecordingMigration;

[Migration(6)]
public sealed class Step6 : RecordingMigration;
