using Pipeline.Foundation.Processes;

namespace Pipeline.Foundation.Tests.Processes;

public sealed class DotnetHostTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("foundation-host-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Exe => OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";

    private string Touch(string relative)
    {
        var path = Path.Combine(_directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{}");
        return path;
    }

    private string RuntimeDirectory => Path.Combine(_directory, "sdk-root", "shared", "Microsoft.NETCore.App", "10.0.0") + Path.DirectorySeparatorChar;

    [Fact]
    public void The_host_running_us_comes_first()
    {
        var hostPath = Touch("host-path/" + Exe);
        Touch("sdk-root/" + Exe);

        Assert.Equal("/usr/share/dotnet/" + Exe, DotnetHost.Find("/usr/share/dotnet/" + Exe, hostPath, RuntimeDirectory, null));
    }

    [Fact]
    public void Under_another_host_dotnet_host_path_names_it()
    {
        var hostPath = Touch("host-path/" + Exe);
        Touch("sdk-root/" + Exe);

        Assert.Equal(hostPath, DotnetHost.Find("/opt/app/testhost", hostPath, RuntimeDirectory, null));
    }

    [Fact]
    public void Without_dotnet_host_path_the_host_beside_the_runtime_is_used()
    {
        var beside = Touch("sdk-root/" + Exe);

        Assert.Equal(beside, DotnetHost.Find("/opt/app/myapp", Path.Combine(_directory, "missing", Exe), RuntimeDirectory, null));
        Assert.Equal(beside, DotnetHost.Find(null, "", RuntimeDirectory, null));
    }

    [Fact]
    public void Otherwise_dotnet_is_looked_up_on_path()
    {
        var onPath = Touch("bin/" + Exe);
        var path = string.Join(Path.PathSeparator, Path.Combine(_directory, "empty"), Path.GetDirectoryName(onPath));

        Assert.Equal(onPath, DotnetHost.Find("/opt/app/myapp", null, RuntimeDirectory, path));
    }

    [Fact]
    public void With_no_host_anywhere_the_bare_name_is_left_to_the_shell()
    {
        Assert.Equal(Exe, DotnetHost.Find("/opt/app/myapp", null, RuntimeDirectory, Path.Combine(_directory, "empty")));
    }

    [Fact]
    public void The_running_test_finds_a_host_that_exists()
    {
        Assert.True(File.Exists(DotnetHost.Find()), DotnetHost.Find());
    }

    [Fact]
    public void A_dll_runs_with_its_own_runtimeconfig_when_it_has_one()
    {
        var dll = Touch("Pipeline.Deploy.Edge.dll");
        Touch("Pipeline.Deploy.Edge.runtimeconfig.json");
        var entry = Touch("_build.dll");
        Touch("_build.runtimeconfig.json");

        Assert.Equal([dll], DotnetHost.ArgumentsFor(dll, entry));
    }

    [Fact]
    public void From_a_package_a_dll_borrows_the_entry_assemblys_runtimeconfig_and_deps()
    {
        var dll = Touch("Pipeline.Deploy.Edge.dll");
        var entry = Touch("_build.dll");
        var config = Touch("_build.runtimeconfig.json");
        var deps = Touch("_build.deps.json");

        Assert.Equal(["exec", "--runtimeconfig", config, "--depsfile", deps, dll], DotnetHost.ArgumentsFor(dll, entry));
    }

    [Fact]
    public void Without_any_runtimeconfig_the_dll_is_run_as_it_is()
    {
        var dll = Touch("Pipeline.Ecs.Local.dll");

        Assert.Equal([dll], DotnetHost.ArgumentsFor(dll, Touch("_build.dll")));
        Assert.Equal([dll], DotnetHost.ArgumentsFor(dll, null));
    }

    [Fact]
    public void A_process_started_with_a_borrowed_runtimeconfig_passes_it_on()
    {
        // The local ECS, itself run with _build's runtimeconfig, starts the edge: its own entry assembly has none.
        var dll = Touch("Pipeline.Deploy.Edge.dll");
        var entry = Touch("Pipeline.Ecs.Local.dll");
        var config = Touch("_build.runtimeconfig.json");
        var deps = Touch("_build.deps.json");

        Assert.Equal(["exec", "--runtimeconfig", config, "--depsfile", deps, dll], DotnetHost.ArgumentsFor(dll, entry, deps));
        Assert.Equal([dll], DotnetHost.ArgumentsFor(dll, entry, hostDepsFiles: null));
    }
}
