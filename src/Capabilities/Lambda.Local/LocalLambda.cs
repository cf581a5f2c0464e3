using Pipeline.Aws.Local.Hosting;
using Pipeline.Images;
using Pipeline.Lambda.Local.Execution;
using Pipeline.Lambda.Local.Hosting;

namespace Pipeline.Lambda.Local;

// API summary (what a build target calls):
//   var lambda = await LocalLambda.StartDetachedAsync(new LambdaLocalOptions { Port = 4597, StateDirectory = ".lambda-local", AccessKey = "…", SecretKey = "…" }, ct);
//   lambda.Endpoint -> http://127.0.0.1:4597/   (aws --endpoint-url; AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH)
//   await LocalLambda.StopAsync(stateDirectory, down: true, ct)   (down: also remove every container and function URL)
//   LocalLambda.RuntimeDirectory -> the Node runtime loop and Dockerfile a function image can be built from

/// <summary>Starts a local Lambda as a detached process that outlives the caller, finds it, and stops it.</summary>
public static class LocalLambda
{
    public const string AssemblyFileName = "Pipeline.Lambda.Local.dll";

    /// <summary>
    /// The runtime loop a function image can run (<c>bootstrap.js</c>, Node, speaking the Lambda Runtime API) and the
    /// <c>Dockerfile</c> that builds such an image, next to this assembly (a project referencing the package gets them as content files).
    /// </summary>
    public static string RuntimeDirectory => Path.Combine(AppContext.BaseDirectory, "Runtime");

    /// <summary>
    /// Launches <c>dotnet Pipeline.Lambda.Local.dll serve …</c> in its own session, output appended to
    /// <c>&lt;state-dir&gt;/lambda-local.log</c>, and waits until its API answers; returns what it wrote to lambda-local.json.
    /// </summary>
    public static async Task<LambdaLocalInfo> StartDetachedAsync(LambdaLocalOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var files = LambdaLocalServer.FilesOf(options.StateDirectory);
        return await DetachedServer.StartAsync<LambdaLocalInfo>(
            files, DetachedServer.ProgramPath(AssemblyFileName, typeof(LocalLambda)), LambdaLocalCommandLine.ToArguments(options with { StateDirectory = files.StateDirectory }), m => new LambdaLocalException(m), cancellationToken);
    }

    /// <summary>The running local Lambda of a state directory, or null when none answers.</summary>
    public static Task<LambdaLocalInfo?> TryConnectAsync(string stateDirectory, CancellationToken cancellationToken = default) =>
        DetachedServer.TryConnectAsync<LambdaLocalInfo>(LambdaLocalServer.FilesOf(stateDirectory), cancellationToken);

    /// <summary>
    /// Stops the local Lambda of a state directory and waits for its process to exit. With <paramref name="down"/> it
    /// first removes every container and function URL; when no server runs, down removes the containers it finds by
    /// label (the state directory need not exist any more).
    /// </summary>
    public static async Task StopAsync(string stateDirectory, bool down = true, CancellationToken cancellationToken = default)
    {
        var files = LambdaLocalServer.FilesOf(stateDirectory);
        if (await DetachedServer.TryConnectAsync<LambdaLocalInfo>(files, cancellationToken) is { } info)
        {
            await DetachedServer.ShutdownAsync(files, info, down, m => new LambdaLocalException(m), cancellationToken);
            return;
        }

        if (down)
        {
            using var docker = DockerConnection.Open(null, TimeSpan.FromMinutes(2));
            await new FunctionContainers(docker, StateDirectoryId.Of(files.StateDirectory), "-").RemoveAllAsync(cancellationToken);
            if (Directory.Exists(files.StateDirectory))
            {
                File.Delete(Path.Combine(files.StateDirectory, Functions.LambdaStore.FileName));
            }
        }
    }
}
