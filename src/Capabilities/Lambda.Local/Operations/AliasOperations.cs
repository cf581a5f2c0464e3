using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Pipeline.Aws.Local.Protocol;
using Pipeline.Lambda.Local.Functions;
using Pipeline.Lambda.Local.FunctionUrls;
using Pipeline.Lambda.Local.Protocol;

namespace Pipeline.Lambda.Local.Operations;

/// <summary>
/// Aliases with weighted routing: CreateAlias, GetAlias, UpdateAlias (RoutingConfig absent keeps the weights, an empty
/// AdditionalVersionWeights clears them; RevisionId guards), DeleteAlias, ListAliases.
/// </summary>
internal sealed partial class AliasOperations(LambdaStore store, Arns arns, FunctionUrlListeners urls, ILogger logger)
{
    private Arns Arns => arns;

    public Task<LambdaResponse> CreateAliasAsync(LambdaRequest request, CancellationToken cancellationToken)
    {
        var function = Function(request);
        var body = request.Body;
        var name = body.Required("Name");
        if (!AliasName().IsMatch(name))
        {
            throw LambdaException.InvalidParameter($"1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)");
        }

        var version = body.Required("FunctionVersion");
        var weights = Weights(body) ?? new Dictionary<string, double>(StringComparer.Ordinal);
        var view = store.Write(d =>
        {
            var state = d.Function(function, Arns);
            if (state.Aliases.ContainsKey(name))
            {
                throw LambdaException.Conflict($"Alias already exists: {Arns.Qualified(function, name)}");
            }

            RequireVersion(state, version);
            AliasRouting.Validate(state, version, weights, Arns);
            var alias = new AliasState
            {
                Name = name,
                FunctionVersion = version,
                Description = body.String("Description") ?? "",
                Weights = new Dictionary<string, double>(weights, StringComparer.Ordinal),
                RevisionId = Guid.NewGuid().ToString(),
            };
            state.Aliases[name] = alias;
            return Views.Alias(state, alias, Arns);
        });
        logger.LogInformation("{Function}:{Alias} -> {Version}{Weights}", function, name, version, Describe(weights));
        return Task.FromResult(LambdaResponse.Created(view));
    }

    public Task<LambdaResponse> GetAliasAsync(LambdaRequest request, CancellationToken cancellationToken)
    {
        var function = Function(request);
        var name = request.Label("Name");
        return Task.FromResult(LambdaResponse.Ok(store.Read(d =>
        {
            var state = d.Function(function, Arns);
            return Views.Alias(state, AliasOf(state, name), Arns);
        })));
    }

    public Task<LambdaResponse> UpdateAliasAsync(LambdaRequest request, CancellationToken cancellationToken)
    {
        var function = Function(request);
        var name = request.Label("Name");
        var body = request.Body;
        var weights = Weights(body);
        var view = store.Write(d =>
        {
            var state = d.Function(function, Arns);
            var alias = AliasOf(state, name);
            if (body.String("RevisionId") is { } revision && revision != alias.RevisionId)
            {
                throw LambdaException.RevisionMismatch("GetAlias");
            }

            var version = body.String("FunctionVersion") ?? alias.FunctionVersion;
            RequireVersion(state, version);
            var routing = weights ?? alias.Weights;
            AliasRouting.Validate(state, version, routing, Arns);
            alias.FunctionVersion = version;
            alias.Weights = new Dictionary<string, double>(routing, StringComparer.Ordinal);
            alias.Description = body.String("Description") ?? alias.Description;
            alias.RevisionId = Guid.NewGuid().ToString();
            return (View: Views.Alias(state, alias, Arns), Version: version, Routing: routing);
        });
        logger.LogInformation("{Function}:{Alias} -> {Version}{Weights}", function, name, view.Version, Describe(view.Routing));
        return Task.FromResult(LambdaResponse.Ok(view.View));
    }

    /// <summary>Deletes an alias and its function URL, if any; an alias that is not there is fine, as in Lambda.</summary>
    public async Task<LambdaResponse> DeleteAliasAsync(LambdaRequest request, CancellationToken cancellationToken)
    {
        var function = Function(request);
        var name = request.Label("Name");
        var hadUrl = store.Write(d =>
            d.Functions.GetValueOrDefault(function) is { } state && state.Aliases.Remove(name) && state.Urls.Remove(name));
        if (hadUrl)
        {
            await urls.CloseAsync(function, name);
        }

        return LambdaResponse.NoContent();
    }

    public Task<LambdaResponse> ListAliasesAsync(LambdaRequest request, CancellationToken cancellationToken)
    {
        var function = Function(request);
        var version = request.Query("FunctionVersion");
        var items = store.Read(d =>
        {
            var state = d.Function(function, Arns);
            return state.Aliases.Values
                .Where(a => version is null || a.FunctionVersion == version || a.Weights.ContainsKey(version))
                .OrderBy(a => a.Name, StringComparer.Ordinal)
                .Select(a => Views.Alias(state, a, Arns))
                .ToList();
        });
        return Task.FromResult(LambdaResponse.Ok(Paging.Of(request).Page(items, "Aliases")));
    }

    private string Function(LambdaRequest request)
    {
        var reference = FunctionReference.Parse(request.Label("FunctionName"), Arns);
        return reference.Qualifier is null ? reference.Name : throw LambdaException.InvalidParameter("Give the function name without a qualifier for alias operations.");
    }

    private AliasState AliasOf(FunctionState function, string name) =>
        function.Aliases.GetValueOrDefault(name) ?? throw LambdaException.NotFound($"Alias not found: {Arns.Qualified(function.Name, name)}");

    private void RequireVersion(FunctionState function, string version)
    {
        if (function.Version(version) is null)
        {
            throw LambdaException.NotFound($"Function not found: {Arns.Qualified(function.Name, version)}");
        }
    }

    /// <summary>RoutingConfig's weights: null when RoutingConfig is absent (keep), empty when given without weights (clear).</summary>
    private static Dictionary<string, double>? Weights(JsonMembers body) => body.Object("RoutingConfig") is { } routing
        ? new Dictionary<string, double>(routing.NumberMap("AdditionalVersionWeights") ?? new Dictionary<string, double>(), StringComparer.Ordinal)
        : null;

    private static string Describe(IReadOnlyDictionary<string, double> weights) =>
        weights.Count == 0 ? "" : $" (+ {string.Join(", ", weights.Select(w => $"{w.Key} at {(w.Value * 100).ToString("0.##", CultureInfo.InvariantCulture)}%"))})";

    [GeneratedRegex("^(?!^[0-9]+$)([a-zA-Z0-9-_]{1,128})$")]
    private static partial Regex AliasName();
}
