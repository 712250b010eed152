namespace Sym.Sdk.Integrations.Okta;

/// <summary>Which groups <see cref="IOktaClient.ListGroupsAsync"/> returns. Set at most one of <see cref="NameStartsWith"/> and <see cref="Search"/>.</summary>
public sealed record OktaGroupQuery
{
    /// <summary>Only groups whose name starts with this (Okta's <c>q</c> parameter), or <see langword="null"/>.</summary>
    public string? NameStartsWith { get; init; }

    /// <summary>
    /// An Okta search expression (the <c>search</c> parameter), for example <c>type eq "OKTA_GROUP"</c> or
    /// <c>profile.name sw "prod-"</c>, or <see langword="null"/>.
    /// </summary>
    public string? Search { get; init; }

    /// <summary>The page size asked of Okta, or <see langword="null"/> for Okta's default. Every page is still read.</summary>
    public int? PageSize { get; init; }
}
