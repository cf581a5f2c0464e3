using System.Text.RegularExpressions;
using Pipeline.Deploy.Smoke;

namespace Pipeline.Components.Services;

/// <summary>
/// One service of the system the build delivers, declared once next to the environments: its image, its checks (any
/// tool), its migrations, its smoke tests and the services it deploys after. <c>Lint</c>, <c>Test</c>,
/// <c>Integration</c>, <c>Image</c>, <c>Push</c>, <c>Deploy</c>, <c>Status</c>, <c>Rollback</c> and <c>Down</c> read it.
/// <code>
/// new ServiceDeclaration("worker")
/// {
///     Directory = "services/worker",
///     Lint = ["flake8 ."],
///     Test = ["python3 -m pytest"],
///     Migrations = "alembic upgrade head",
///     SmokeTests = new SmokeTests().Http("health", "/health"),
/// }
/// </code>
/// </summary>
/// <param name="Name">Lower-case letters, digits and dashes (<c>worker</c>, <c>api-2</c>); <c>--service</c> takes it.</param>
public sealed partial record ServiceDeclaration(string Name)
{
    /// <summary>The service's folder, relative to the repository root: its image context and where its checks run by default; null: the root.</summary>
    public string? Directory { get; init; }

    /// <summary>Its image: by default the <c>Dockerfile</c> in <see cref="Directory"/>, pushed under the service's name.</summary>
    public ServiceImage Image { get; init; } = new();

    /// <summary>The commands of <c>Lint</c> (formatting, style, static analysis), in order.</summary>
    public IReadOnlyList<ServiceCommand> Lint { get; init; } = [];

    /// <summary>The commands of <c>Test</c> (unit tests), in order.</summary>
    public IReadOnlyList<ServiceCommand> Test { get; init; } = [];

    /// <summary>The commands of <c>Integration</c> (tests against real parts), in order.</summary>
    public IReadOnlyList<ServiceCommand> Integration { get; init; } = [];

    /// <summary>Its migrations, run before its traffic moves; null: it has none (and no "migrations ran" is printed).</summary>
    public ServiceMigrations? Migrations { get; init; }

    /// <summary>Run against its test endpoint before production traffic moves and against production after; a failure rolls back.</summary>
    public SmokeTests SmokeTests { get; init; } = new();

    /// <summary>The services deployed before it (their names); a cycle or an unknown name is refused before anything runs.</summary>
    public IReadOnlyList<string> DeploysAfter { get; init; } = [];

    /// <summary>The image's repository: <see cref="ServiceImage.Repository"/>, else the service's name.</summary>
    public string Repository => Image.Repository ?? Name;

    /// <summary>The image's build context relative to the root ("" for the root itself).</summary>
    public string ContextDirectory => Image.Context ?? Directory ?? "";

    /// <summary>Null when the declaration is valid on its own; otherwise one line naming the service and what is wrong.</summary>
    public string? Validate() => this switch
    {
        _ when !NamePattern().IsMatch(Name ?? "") => $"service name '{Name}' is invalid: use lower-case letters, digits and dashes (e.g. worker, api-2)",
        { Directory: { } d } when Path.IsPathRooted(d) => $"service '{Name}': its directory '{d}' must be relative to the repository root",
        { Image.Context: { } c } when Path.IsPathRooted(c) => $"service '{Name}': its image context '{c}' must be relative to the repository root",
        _ when DeploysAfter.Contains(Name) => $"service '{Name}' deploys after itself: remove '{Name}' from its DeploysAfter",
        _ => SmokeTests.Validate() is { } smoke ? $"service '{Name}': {smoke}" : null,
    };

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,29}$")]
    private static partial Regex NamePattern();
}
