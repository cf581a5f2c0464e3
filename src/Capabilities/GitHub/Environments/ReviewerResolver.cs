using Octokit;
using Pipeline.GitHub.Api;

namespace Pipeline.GitHub.Environments;

/// <summary>Turns declared reviewers (<c>login</c>, <c>org/team-slug</c>) into GitHub's <c>{type, id}</c>.</summary>
internal sealed class ReviewerResolver(GitHubApi api)
{
    private readonly Dictionary<string, object> _resolved = new(StringComparer.OrdinalIgnoreCase);

    public async Task<object> ResolveAsync(string environment, string reviewer, CancellationToken cancellationToken)
    {
        if (_resolved.TryGetValue(reviewer, out var known))
        {
            return known;
        }

        var name = ReviewerName.TryParse(reviewer)
            ?? throw new GitHubException($"environment '{environment}': reviewer '{reviewer}' is neither a login nor org/team-slug");
        object resolved;
        try
        {
            if (name.IsTeam)
            {
                var team = await api.CallAsync(() => api.Client.Organization.Team.GetByName(name.Organization, name.Name), $"resolving team {name}", GitHubPermission.Members, cancellationToken);
                resolved = new { type = "Team", id = team.Id };
            }
            else
            {
                var user = await api.CallAsync(() => api.Client.User.Get(name.Name), $"resolving user {name}", GitHubPermission.Read, cancellationToken);
                resolved = new { type = "User", id = user.Id };
            }
        }
        catch (GitHubException e) when (e.InnerException is NotFoundException)
        {
            throw new GitHubException(name.IsTeam
                ? $"environment '{environment}': unknown reviewer team '{name}': no team '{name.Name}' in organization '{name.Organization}' (check the slug, and that the token has members: read)"
                : $"environment '{environment}': unknown reviewer '{name}': GitHub has no user with that login (check Reviewers in the environment's declaration)", e.InnerException);
        }

        _resolved[reviewer] = resolved;
        return resolved;
    }
}
