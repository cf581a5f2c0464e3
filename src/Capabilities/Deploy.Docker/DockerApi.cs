using Docker.DotNet;
using Pipeline.Images;

namespace Pipeline.Deploy.Docker;

/// <summary>
/// The Docker engine connection of one environment: Pipeline.Images' <see cref="DockerConnection"/>, with "nobody
/// answers" (or an engine that hangs past the call timeout) reported as a <see cref="DockerUnavailableException"/>, a
/// <see cref="DeployException"/> the deploy engine reports like any other.
/// </summary>
internal sealed class DockerApi(DockerConnection connection) : IDisposable
{
    public Uri Endpoint => connection.Endpoint;

    public static DockerApi Open(Uri? endpoint) => new(DockerConnection.Open(endpoint, TimeSpan.FromMinutes(5)));

    public async Task<T> CallAsync<T>(Func<DockerClient, Task<T>> call)
    {
        try
        {
            return await connection.CallAsync(call);
        }
        catch (Exception e) when (e is DockerEngineUnavailableException or TimeoutException)
        {
            throw new DockerUnavailableException(
                e is DockerEngineUnavailableException ? e.Message : $"the Docker engine at {Endpoint} did not answer in time ({e.Message}); check it with docker info", e);
        }
    }

    public Task CallAsync(Func<DockerClient, Task> call) =>
        CallAsync(async c =>
        {
            await call(c);
            return true;
        });

    /// <summary>The engine's own message from an API error (its JSON "message"), or the status code.</summary>
    public static string MessageOf(DockerApiException e) => DockerConnection.MessageOf(e);

    public void Dispose() => connection.Dispose();
}
