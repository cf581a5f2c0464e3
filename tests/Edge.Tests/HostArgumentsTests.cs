namespace Pipeline.Deploy.Edge.Tests;

public sealed class HostArgumentsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edge-host-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Touch(string name)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, "{}");
        return path;
    }

    [Fact]
    public void The_edge_runs_with_its_own_runtimeconfig_when_it_has_one()
    {
        var dll = Touch("Pipeline.Deploy.Edge.dll");
        Touch("Pipeline.Deploy.Edge.runtimeconfig.json");
        var entry = Touch("_build.dll");
        Touch("_build.runtimeconfig.json");

        Assert.Equal([dll], EdgeProcess.HostArguments(dll, entry));
    }

    [Fact]
    public void From_a_package_the_edge_borrows_the_entry_assemblys_runtimeconfig_and_deps()
    {
        var dll = Touch("Pipeline.Deploy.Edge.dll");
        var entry = Touch("_build.dll");
        var config = Touch("_build.runtimeconfig.json");
        var deps = Touch("_build.deps.json");

        Assert.Equal(["exec", "--runtimeconfig", config, "--depsfile", deps, dll], EdgeProcess.HostArguments(dll, entry));
    }
}
