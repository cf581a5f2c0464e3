using System.IO.Pipelines;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;

namespace Pipeline.Images.Building;

/// <summary>
/// Builds a Dockerfile through the Docker Engine API: streams the context as a tar (honouring <c>.dockerignore</c>),
/// passes build args, target and OCI labels, tags the result, and logs the engine's output line by line as it arrives.
/// </summary>
public sealed class ImageBuilder(DockerConnection docker, ILogger logger)
{
    /// <summary>Builds and tags the image; throws <see cref="ImageBuildException"/> naming the failing step.</summary>
    public async Task<BuiltImage> BuildAsync(ImageBuildRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var repository = ImageReference.Parse(request.Repository);
        if (repository.Tag is not null || repository.Digest is not null)
        {
            throw new InvalidImageReferenceException(
                $"Image repository '{request.Repository}' must not carry a tag or digest: tags come from the git sha, branch and version.");
        }

        var tags = TagsFor(request).Select(repository.WithTag).ToList();
        var context = Path.GetFullPath(request.ContextDirectory);
        var dockerfile = request.Dockerfile.Replace('\\', '/');
        if (!Directory.Exists(context))
        {
            throw new ImageBuildException($"Build context {context} does not exist; pass the directory that holds the Dockerfile's files.", null, []);
        }

        var dockerfilePath = Path.Combine(context, dockerfile);
        if (!File.Exists(dockerfilePath))
        {
            throw new ImageBuildException($"Dockerfile {dockerfilePath} does not exist; the Dockerfile path is relative to the build context.", null, []);
        }

        var labels = new Dictionary<string, string>(request.Source is null ? new Dictionary<string, string>() : OciLabels.For(request.Source));
        foreach (var (key, value) in request.Labels)
        {
            labels[key] = value;
        }

        var parameters = new ImageBuildParameters
        {
            Dockerfile = dockerfile,
            Tags = tags.Select(t => t.ToString()).ToList(),
            BuildArgs = request.BuildArgs.ToDictionary(),
            Labels = labels,
            Target = request.Target,
            NoCache = request.NoCache,
            NetworkMode = request.NetworkMode,
            Remove = true,
            ForceRemove = true,
        };

        logger.LogInformation("Building {Dockerfile} in {Context} as {Tags}", dockerfile, context, string.Join(", ", parameters.Tags));
        var output = new BuildOutput(logger);
        var pipe = new Pipe();
        using var stopContext = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? contextError = null;
        var producer = Task.Run(
            async () =>
            {
                try
                {
                    await using (var writer = pipe.Writer.AsStream(leaveOpen: true))
                    {
                        await BuildContext.WriteTarAsync(context, dockerfile, writer, stopContext.Token);
                    }

                    await pipe.Writer.CompleteAsync();
                }
                catch (Exception e)
                {
                    // Failing the pipe (not just closing it) keeps the engine from building a truncated context.
                    contextError = e;
                    await pipe.Writer.CompleteAsync(e);
                }
            },
            CancellationToken.None);

        try
        {
            await using var body = pipe.Reader.AsStream();
            await docker.CallAsync(c => c.Images.BuildImageFromDockerfileAsync(parameters, body, null, null, output, cancellationToken));
        }
        catch (Exception) when (contextError is not null && contextError is not OperationCanceledException)
        {
            throw new ImageBuildException(
                $"Reading the build context {context} failed: {contextError.Message}; check the files there are readable and not changing during the build.", null, []);
        }
        catch (DockerApiException e)
        {
            var reason = ApiMessage(e);
            throw new ImageBuildException(
                reason.Contains("parse error", StringComparison.OrdinalIgnoreCase)
                    ? $"Dockerfile {dockerfilePath} is invalid: {reason}; fix it and build again."
                    : $"The Docker engine refused to build {dockerfilePath}: {reason}",
                null,
                []);
        }
        finally
        {
            // The engine may stop reading early (it failed first): stop tarring files nobody will read.
            await stopContext.CancelAsync();
            await pipe.Reader.CompleteAsync();
            await producer;
        }

        output.Flush();
        if (output.Error is { } error)
        {
            throw Failure(dockerfilePath, error, output);
        }

        var id = output.ImageId ?? (await docker.CallAsync(c => c.Images.InspectImageAsync(tags[0].ToString(), cancellationToken))).ID;
        logger.LogInformation("Built {ImageId} as {Tags}", id, string.Join(", ", parameters.Tags));
        return new BuiltImage(id, tags);
    }

    private static List<string> TagsFor(ImageBuildRequest request)
    {
        var tags = new List<string>();
        if (request.Source is not null)
        {
            tags.AddRange(ImageTags.For(request.Source));
        }

        tags.AddRange(request.ExtraTags);
        return tags.Count == 0 ? ["latest"] : tags.Distinct(StringComparer.Ordinal).ToList();
    }

    private static ImageBuildException Failure(string dockerfile, string error, BuildOutput output)
    {
        var tail = output.Tail;
        var shown = tail.Count == 0 ? "" : "; last output: " + string.Join(" | ", tail.TakeLast(5).Select(l => l.Length > 200 ? l[..200] + "…" : l));
        var message = output.CurrentStep is { } step
            ? $"Image build failed at {step} ({dockerfile}): {error}{shown}"
            : $"Image build of {dockerfile} failed before the first step: {error}";
        return new ImageBuildException(message, output.CurrentStep, tail);
    }

    internal static string ApiMessage(DockerApiException e)
    {
        var body = e.ResponseBody?.Trim() ?? "";
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("message", out var message))
            {
                body = message.GetString() ?? body;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the body is the message.
        }

        return body.Length > 0 ? body.Trim() : e.StatusCode.ToString();
    }
}
