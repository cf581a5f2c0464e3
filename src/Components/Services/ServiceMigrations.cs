using System.Reflection;

namespace Pipeline.Components.Services;

/// <summary>
/// How a service migrates its database before its traffic moves: a command run from the service's own image
/// (<c>alembic upgrade head</c>, <c>flyway migrate</c>; it replaces the image's command, keeping its entry point, as an
/// ECS container override does), or a FluentMigrator assembly run by Pipeline.
/// </summary>
public sealed record ServiceMigrations
{
    private ServiceMigrations(IReadOnlyList<string>? command, Assembly? assembly) => (Command, Assembly) = (command, assembly);

    /// <summary>The command run from the image being deployed; null for FluentMigrator migrations.</summary>
    public IReadOnlyList<string>? Command { get; }

    /// <summary>The FluentMigrator assembly; null for a command.</summary>
    public Assembly? Assembly { get; }

    /// <summary>A command run from the image being deployed: <c>FromImage("alembic", "upgrade", "head")</c>.</summary>
    public static ServiceMigrations FromImage(params IReadOnlyList<string> command) =>
        command is { Count: > 0 } ? new(command, null) : throw new ArgumentException("a migrations command needs a program", nameof(command));

    /// <summary>FluentMigrator migrations from <paramref name="assembly"/>, run by Pipeline against the environment's database.</summary>
    public static ServiceMigrations FluentMigrator(Assembly assembly) => new(null, assembly ?? throw new ArgumentNullException(nameof(assembly)));

    /// <summary><c>"alembic upgrade head"</c>: a command from the image, split on spaces.</summary>
    public static implicit operator ServiceMigrations(string commandLine)
    {
        var command = ServiceCommand.Parse(commandLine);
        return FromImage([command.Program, .. command.Arguments]);
    }

    public override string ToString() => Command is { } command ? string.Join(' ', command) : $"FluentMigrator migrations of {Assembly!.GetName().Name}";
}
