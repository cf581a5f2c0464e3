namespace Pipeline.Migrations;

/// <summary>What a run should do: migrate up, or roll back a number of steps or to a version.</summary>
public sealed record MigrationRequest
{
    private MigrationRequest(MigrationDirection direction, long? version, int? steps)
    {
        Direction = direction;
        Version = version;
        Steps = steps;
    }

    public MigrationDirection Direction { get; }

    /// <summary>Up: the highest version to apply (null: latest). Down: the version to roll back to (exclusive).</summary>
    public long? Version { get; }

    /// <summary>Down only: the number of most recently applied migrations to revert.</summary>
    public int? Steps { get; }

    /// <summary>Apply pending migrations up to <paramref name="toVersion"/> (inclusive), or all when null.</summary>
    public static MigrationRequest Up(long? toVersion = null) => new(MigrationDirection.Up, toVersion, null);

    /// <summary>Revert the <paramref name="steps"/> most recently applied migrations.</summary>
    public static MigrationRequest Rollback(int steps) =>
        steps > 0 ? new(MigrationDirection.Down, null, steps) : throw new ArgumentOutOfRangeException(nameof(steps), steps, "rollback steps must be at least 1");

    /// <summary>Revert every applied migration above <paramref name="version"/> (0 reverts all).</summary>
    public static MigrationRequest RollbackTo(long version) => new(MigrationDirection.Down, version, null);

    public override string ToString() => (Direction, Version, Steps) switch
    {
        (MigrationDirection.Up, null, _) => "up to the latest version",
        (MigrationDirection.Up, var v, _) => $"up to version {v}",
        (_, _, int s) => $"rollback of {s} migration{(s == 1 ? "" : "s")}",
        (_, var v, _) => $"rollback to version {v}",
    };
}
