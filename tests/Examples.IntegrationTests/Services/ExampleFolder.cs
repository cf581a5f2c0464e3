using Pipeline.Testing;

namespace Pipeline.Examples.IntegrationTests.Services;

/// <summary>Where the examples are in this checkout.</summary>
public static class ExampleFolder
{
    /// <summary><c>examples/&lt;example&gt;/services/&lt;service&gt;</c>.</summary>
    public static string Service(string example, string service) => Path.Combine(RepositoryFolder.Root, "examples", example, "services", service);
}
