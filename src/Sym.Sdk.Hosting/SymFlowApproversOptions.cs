namespace Sym.Sdk.Hosting;

/// <summary>
/// Who may approve the requests of a configured flow that uses the built-in implementation
/// (<c>Sym:Flows:&lt;name&gt;:Approvers</c>): everyone at a level, or a list of users.
/// </summary>
public sealed class SymFlowApproversOptions
{
    /// <summary>The level that may approve: <c>member</c>, <c>admin</c> or <c>all_users</c>. The default value is <c>member</c> when <see cref="Users"/> is empty.</summary>
    public string? Level { get; set; }

    /// <summary>The users who may approve (usernames, emails or Sym user ids), instead of a level.</summary>
    public IList<string> Users { get; } = new List<string>();

    /// <summary>Whether requesters may approve their own requests. The default value is <see langword="false"/>.</summary>
    public bool AllowSelfApproval { get; set; }

    /// <summary>
    /// Who besides the requester, admins, those who acted and pending approvers may view the flow's requests in the API
    /// and the console (Sym's <c>webapp_view</c>): <c>member</c>, <c>admin</c> or <c>all_users</c>. The default value is
    /// <see langword="null"/>: nobody besides them (<c>RequestPermission.WebappView</c> says why this differs from Sym).
    /// </summary>
    public string? WebappView { get; set; }
}
