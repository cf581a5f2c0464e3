using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipeline.Lambda.Local.Execution;
using Pipeline.Lambda.Local.Functions;
using Pipeline.Lambda.Local.FunctionUrls;
using Pipeline.Lambda.Local.Protocol;

namespace Pipeline.Lambda.Local.Operations;

/// <summary>
/// Functions from container images: CreateFunction, GetFunction, GetFunctionConfiguration, UpdateFunctionCode,
/// UpdateFunctionConfiguration, DeleteFunction, ListFunctions. A change leaves the function Pending (create) or its
/// LastUpdateStatus InProgress for <see cref="LambdaLocalOptions.UpdateDuration"/>; another change meanwhile is
/// Lambda's ResourceConflictException.
/// </summary>
internal sealed class FunctionOperations(LambdaStore store, Arns arns, ImageResolver images, FunctionUrlListeners urls, Invoker invoker, TimeSpan updateDuration, ILogger logger)
{
    private Arns Arns => arns;

    public async Task<LambdaResponse> CreateFunctionAsync(LambdaRequest request, CancellationToken cancellationToken)
    {
        var body = request.Body;
        var reference = FunctionReference.Parse(body.Required("FunctionName"), Arns);
        if (reference.Qualifier is not null)
        {
            throw LambdaException.InvalidParameter("FunctionName of CreateFunction cannot carry a qualifier.");
        }

        var role = body.Required("Role");
        var code = body.Object("Code") ?? throw LambdaException.InvalidParameter("Code is required.");
        if (body.String("PackageType") != "Image" || code.String("ImageUri") is not { Length: > 0 } imageUri)
        {
            throw LambdaException.InvalidParameter("The local Lambda runs container images only: give PackageType Image and Code.ImageUri (zip archives and S3 code are not supported).");
        }

        var image = await images.ResolveAsync(imageUri, cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var config = new VersionConfig
        {
            Version = "$LATEST",
            Role = role,
            ImageUri = imageUri,
            ResolvedImageUri = image.ResolvedImageUri,
            RunImage = image.RunImage,
            CodeSha256 = image.CodeSha256,
            CodeSize = 0,
            Architectures = FunctionSettings.Architectures(body),
            LastModified = now,
            RevisionId = Guid.NewGuid().ToString(),
            State = "Pending",
            StateReason = "The function is being created.",
            StateReasonCode = "Creating",
            LastUpdateStatus = null,
        };
        FunctionSettings.Apply(body, config);
        var function = store.Write(d =>
        {
            if (d.Functions.ContainsKey(reference.Name))
            {
                throw LambdaException.Conflict($"Function already exist: {reference.Name}");
            }

            var created = new FunctionState { Name = reference.Name, Arn = Arns.Function(reference.Name), Latest = config, UpdateCompletesAt = now + updateDuration };
            foreach (var (key, value) in body.StringMap("Tags") ?? new Dictionary<string, string>())
            {
                created.Tags[key] = value;
            }

            d.Functions[created.Name] = created;
            return created;
        });
        logger.LogInformation("{Function}: created from {Image} ({Resolved})", function.Name, imageUri, image.ResolvedImageUri);
        if (body.Bool("Publish") == true)
        {
            var version = store.Write(_ => VersionOperations.Publish(function, null));
            return LambdaResponse.Created(store.Read(_ => Views.Configuration(function, version, Arns)));
        }

        return LambdaResponse.Created(store.Read(_ => Views.Configuration(function, function.Latest, Arns)));
    }

    public Task<LambdaResponse> GetFunctionAsync(LambdaRequest request, CancellationToken cancellationToken)
    {
        var (name, qualifier) = Target(request);
        return Task.FromResult(LambdaResponse.Ok(store.Read(d =>
        {
            var function = d.Function(name, Arns);
            var config = ConfigOf(function, qualifier);
            return LambdaJson.Object(
                ("Configuration", Views.Configuration(function, config, Arns, qualifiedArn: qualifier is not null)),
                ("Code", new JsonObject { ["RepositoryType"] = "ECR", ["ImageUri"] = config.ImageUri, ["ResolvedImageUri"] = config.ResolvedImageUri }),
                ("Tags", function.Tags.Count == 0 ? null : LambdaJson.Map(function.Tags)));
        })));
    }

    public Task<LambdaResponse> GetFunctionConfigurationAsync(LambdaRequest request, CancellationToken cancellationToken)
    {
        var (name, qualifier) = Target(request);
        return Task.FromResult(LambdaResponse.Ok(store.Read(d =>
        {
            var function = d.Function(name, Arns);
            return Views.Configuration(function, ConfigOf(function, qualifier), Arns, qualifiedArn: qualifier is not null);
        })));
    }

    public async Task<LambdaResponse> UpdateFunctionCodeAsync(LambdaRequest request, CancellationToken cancellationToken)
    {
        var name = Unqualified(request);
        var body = request.Body;
        if (body.Has("ZipFile") || body.Has("S3Bucket") || body.Has("S3Key"))
        {
            throw LambdaException.InvalidParameter("Please provide ImageUri when updating a function with packageType Image.");
        }

        var imageUri = body.String("ImageUri") is { Length: > 0 } uri ? uri : throw LambdaException.InvalidParameter("Please provide ImageUri when updating a function with packageType Image.");
        store.Read(d => CheckChangeable(d.Function(name, Arns), body.String("RevisionId")));
        var image = await images.ResolveAsync(imageUri, cancellationToken);
        var architectures = body.Has("Architectures") ? FunctionSettings.Architectures(body) : null;
        if (body.Bool("DryRun") == true)
        {
            return LambdaResponse.Ok(store.Read(d =>
            {
                var function = d.Function(name, Arns);
                var preview = function.Latest.Copy("$LATEST");
                preview.ImageUri = imageUri;
                preview.ResolvedImageUri = image.ResolvedImageUri;
                preview.CodeSha256 = image.CodeSha256;
                return Views.Configuration(function, preview, Arns);
            }));
        }

        var (updated, config) = store.Write(d =>
        {
            var function = d.Function(name, Arns);
            CheckChangeable(function, body.String("RevisionId"));
            BeginUpdate(function, c =>
            {
                c.ImageUri = imageUri;
                c.ResolvedImageUri = image.ResolvedImageUri;
                c.RunImage = image.RunImage;
                c.CodeSha256 = image.CodeSha256;
                c.Architectures = architectures ?? c.Architectures;
            });
            return (function, body.Bool("Publish") == true ? VersionOperations.Publish(function, null) : function.Latest);
        });
        logger.LogInformation("{Function}: code update to {Image} ({Resolved}) in progress", name, imageUri, image.ResolvedImageUri);
        return LambdaResponse.Ok(store.Read(_ => Views.Configuration(updated, config, Arns)));
    }

    public Task<LambdaResponse> UpdateFunctionConfigurationAsync(LambdaRequest request, CancellationToken cancellationToken)
    {
        var name = Unqualified(request);
        var body = request.Body;
        var function = store.Write(d =>
        {
            var function = d.Function(name, Arns);
            CheckChangeable(function, body.String("RevisionId"));
            var probe = function.Latest.Copy("$LATEST");
            FunctionSettings.Apply(body, probe);
            BeginUpdate(function, c => FunctionSettings.Apply(body, c));
            return function;
        });
        logger.LogInformation("{Function}: configuration update in progress", name);
        return Task.FromResult(LambdaResponse.Ok(store.Read(_ => Views.Configuration(function, function.Latest, Arns))));
    }

    public async Task<LambdaResponse> DeleteFunctionAsync(LambdaRequest request, CancellationToken cancellationToken)
    {
        var (name, qualifier) = Target(request);
        if (qualifier is "$LATEST")
        {
            throw LambdaException.InvalidParameter("$LATEST version cannot be deleted without deleting the function.");
        }

        if (qualifier is not null)
        {
            store.Write(d =>
            {
                var function = d.Function(name, Arns);
                var version = function.Version(qualifier) ?? throw LambdaException.NotFound($"Function not found: {Arns.Qualified(name, qualifier)}");
                var aliases = function.Aliases.Values.Where(a => a.FunctionVersion == qualifier || a.Weights.ContainsKey(qualifier)).Select(a => a.Name).ToList();
                if (aliases.Count > 0)
                {
                    throw LambdaException.Conflict($"Unable to delete version because the following aliases reference it: [{string.Join(", ", aliases)}]");
                }

                function.Versions.Remove(version);
            });
            await invoker.StopFunctionAsync(name, qualifier, cancellationToken);
            return LambdaResponse.NoContent();
        }

        var removed = store.Write(d =>
        {
            var function = d.Function(name, Arns);
            d.Functions.Remove(name);
            return function;
        });
        foreach (var url in removed.Urls.Values)
        {
            await urls.CloseAsync(name, url.Qualifier);
        }

        await invoker.StopFunctionAsync(name, null, cancellationToken);
        logger.LogInformation("{Function}: deleted", name);
        return LambdaResponse.NoContent();
    }

    public Task<LambdaResponse> ListFunctionsAsync(LambdaRequest request, CancellationToken cancellationToken)
    {
        var all = request.Query("FunctionVersion") switch
        {
            null => false,
            "ALL" => true,
            var other => throw LambdaException.InvalidParameter($"FunctionVersion {other} must be ALL."),
        };
        var items = store.Read(d => d.Functions.Values.OrderBy(f => f.Name, StringComparer.Ordinal)
            .SelectMany(f => (all ? [f.Latest, .. f.Versions] : new[] { f.Latest }).Select(v => Views.Configuration(f, v, Arns, qualifiedArn: all)))
            .ToList());
        return Task.FromResult(LambdaResponse.Ok(Paging.Of(request).Page(items, "Functions")));
    }

    /// <summary>Refuses a change while the function is Pending or its last update InProgress, or when RevisionId is not the current one.</summary>
    public static void CheckChangeable(FunctionState function, string? revisionId)
    {
        if (function.Latest.State == "Pending")
        {
            throw LambdaException.NotActive("Pending");
        }

        if (function.Latest.LastUpdateStatus == "InProgress")
        {
            throw LambdaException.UpdateInProgress(function.Arn);
        }

        if (revisionId is not null && revisionId != function.Latest.RevisionId)
        {
            throw LambdaException.RevisionMismatch("GetFunction");
        }
    }

    private void BeginUpdate(FunctionState function, Action<VersionConfig> change)
    {
        var previous = function.Latest;
        var next = previous.Copy("$LATEST");
        change(next);
        next.LastModified = DateTimeOffset.UtcNow;
        next.RevisionId = Guid.NewGuid().ToString();
        next.LastUpdateStatus = "InProgress";
        next.LastUpdateStatusReason = "The function is being updated.";
        next.LastUpdateStatusReasonCode = null;
        function.Serving = previous;
        function.Latest = next;
        function.UpdateCompletesAt = DateTimeOffset.UtcNow + updateDuration;
    }

    private (string Name, string? Qualifier) Target(LambdaRequest request)
    {
        var reference = FunctionReference.Parse(request.Label("FunctionName"), Arns);
        return (reference.Name, reference.QualifierWith(request.Query("Qualifier")));
    }

    private string Unqualified(LambdaRequest request)
    {
        var reference = FunctionReference.Parse(request.Label("FunctionName"), Arns);
        return reference.Qualifier is null ? reference.Name : throw LambdaException.InvalidParameter("This operation changes $LATEST: give the function name without a qualifier.");
    }

    /// <summary>The configuration a qualifier names: <c>$LATEST</c>, a version, or the version an alias points to.</summary>
    private VersionConfig ConfigOf(FunctionState function, string? qualifier)
    {
        if (qualifier is null or "$LATEST")
        {
            return function.Latest;
        }

        var version = int.TryParse(qualifier, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? qualifier
            : function.Aliases.GetValueOrDefault(qualifier)?.FunctionVersion;
        return (version is null ? null : function.Version(version))
            ?? throw LambdaException.NotFound($"Function not found: {Arns.Qualified(function.Name, qualifier)}");
    }
}
