using System.Globalization;
using Microsoft.Extensions.Logging;
using Pipeline.Lambda.Local.Functions;
using Pipeline.Lambda.Local.Protocol;

namespace Pipeline.Lambda.Local.Operations;

/// <summary>
/// PublishVersion (a frozen copy of <c>$LATEST</c>; the last version again when code and configuration did not change,
/// as Lambda does) and ListVersionsByFunction.
/// </summary>
internal sealed class VersionOperations(LambdaStore store, Arns arns, ILogger logger)
{
    public Task<LambdaResponse> PublishVersionAsync(LambdaRequest request, CancellationToken cancellationToken)
    {
        var reference = FunctionReference.Parse(request.Label("FunctionName"), arns);
        var body = request.Body;
        var (function, version, published) = store.Write(d =>
        {
            var function = d.Function(reference.Name, arns);
            FunctionOperations.CheckChangeable(function, body.String("RevisionId"));
            if (body.String("CodeSha256") is { } sha && sha != function.Latest.CodeSha256)
            {
                throw LambdaException.InvalidParameter(
                    $"CodeSHA256 ({sha}) is different from current CodeSHA256 in $LATEST ({function.Latest.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.");
            }

            var before = function.Versions.Count;
            var version = Publish(function, body.String("Description"));
            return (function, version, function.Versions.Count > before);
        });
        if (published)
        {
            logger.LogInformation("{Function}: published version {Version} ({Image})", function.Name, version.Version, version.ResolvedImageUri);
        }

        return Task.FromResult(LambdaResponse.Created(store.Read(_ => Views.Configuration(function, version, arns))));
    }

    public Task<LambdaResponse> ListVersionsByFunctionAsync(LambdaRequest request, CancellationToken cancellationToken)
    {
        var reference = FunctionReference.Parse(request.Label("FunctionName"), arns);
        var items = store.Read(d =>
        {
            var function = d.Function(reference.Name, arns);
            return new[] { function.Latest }.Concat(function.Versions).Select(v => Views.Configuration(function, v, arns, qualifiedArn: true)).ToList();
        });
        return Task.FromResult(LambdaResponse.Ok(Paging.Of(request).Page(items, "Versions")));
    }

    /// <summary>Publishes <c>$LATEST</c> as the next version, or answers the last version when nothing changed since it.</summary>
    public static VersionConfig Publish(FunctionState function, string? description)
    {
        var fingerprint = function.Latest.Fingerprint();
        if (function.Versions.LastOrDefault() is { } last && last.PublishedFrom == fingerprint)
        {
            return last;
        }

        function.LastVersion++;
        var version = function.Latest.Copy(function.LastVersion.ToString(CultureInfo.InvariantCulture));
        version.Description = description ?? function.Latest.Description;
        version.RevisionId = Guid.NewGuid().ToString();
        version.LastModified = DateTimeOffset.UtcNow;
        version.State = "Active";
        version.StateReason = null;
        version.StateReasonCode = null;
        version.LastUpdateStatus = "Successful";
        version.LastUpdateStatusReason = null;
        version.LastUpdateStatusReasonCode = null;
        version.PublishedFrom = fingerprint;
        function.Versions.Add(version);
        return version;
    }
}
