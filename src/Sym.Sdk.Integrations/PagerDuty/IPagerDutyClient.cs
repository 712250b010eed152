namespace Sym.Sdk.Integrations.PagerDuty;

/// <summary>
/// The PagerDuty calls Sym flows make (Sym's <c>sym.sdk.integrations.pagerduty</c>): who is on call, who is on a
/// schedule, and which incidents are open. PagerDuty users are matched to Sym <see cref="User"/>s by email. Register the
/// real client with <c>services.AddSymPagerDuty(…)</c>; tests use <c>Sym.Sdk.Testing.PagerDuty.FakePagerDuty</c>, an
/// in-memory account with the same contract.
/// </summary>
/// <remarks>
/// Every failure is a <see cref="SymException"/> with a <c>PagerDuty:…</c> code (<see cref="PagerDutyErrorCodes"/>):
/// <see cref="SymNotFoundException"/> (<c>PagerDuty:SCHEDULE_NOT_FOUND</c>, <c>PagerDuty:NOT_FOUND</c>),
/// <see cref="SymAuthenticationException"/> (<c>PagerDuty:INVALID_TOKEN</c>, <c>PagerDuty:FORBIDDEN</c>),
/// <see cref="SymRateLimitedException"/> (<c>PagerDuty:RATE_LIMITED</c>, once the retries are used up), or
/// <see cref="SymException"/>.
/// </remarks>
public interface IPagerDutyClient
{
    /// <summary>
    /// Whether a Sym user is on call right now (Sym's <c>is_on_call</c>): in any schedule or escalation policy, or only
    /// in those the query names. The user is found in PagerDuty by email; a user without a PagerDuty account is not on
    /// call.
    /// </summary>
    /// <param name="user">The Sym user.</param>
    /// <param name="query">Which on-calls count, or <see langword="null"/> for any.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the user is on call.</returns>
    Task<bool> IsOnCallAsync(User user, PagerDutyOnCallQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The users on call right now (Sym's <c>users_on_call</c>), in any schedule or escalation policy or only in those the
    /// query names, each once, in PagerDuty's order.
    /// </summary>
    /// <param name="query">Which on-calls count, or <see langword="null"/> for every on-call in the account.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The users, as Sym users (email as username, a <c>pagerduty</c> identity).</returns>
    Task<IReadOnlyList<User>> UsersOnCallAsync(PagerDutyOnCallQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The users on a schedule (Sym's <c>users_for_schedule</c>): everyone with on-call time in it over PagerDuty's
    /// default window (<c>GET /schedules/{id}/users</c>).
    /// </summary>
    /// <param name="scheduleId">The schedule id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The users, as Sym users.</returns>
    /// <exception cref="SymNotFoundException"><c>PagerDuty:SCHEDULE_NOT_FOUND</c>: no such schedule.</exception>
    Task<IReadOnlyList<User>> UsersForScheduleAsync(string scheduleId, CancellationToken cancellationToken = default);

    /// <summary>Finds the PagerDuty user with an email (<c>GET /users?query=…</c>, exact match, case-insensitive).</summary>
    /// <param name="email">The email.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user, or <see langword="null"/> when no PagerDuty user has that email.</returns>
    Task<PagerDutyUser?> FindUserByEmailAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>Lists incidents (Sym's <c>get_incidents</c>), reading every page; by default the open ones.</summary>
    /// <param name="query">Which incidents, or <see langword="null"/> for every open incident.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The incidents, page by page as PagerDuty returns them.</returns>
    IAsyncEnumerable<PagerDutyIncident> GetIncidentsAsync(PagerDutyIncidentQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Whether any incident matches (Sym's <c>has_incident</c>); reads one page at most.</summary>
    /// <param name="query">Which incidents, or <see langword="null"/> for any open incident.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when at least one incident matches.</returns>
    Task<bool> HasIncidentAsync(PagerDutyIncidentQuery? query = null, CancellationToken cancellationToken = default);
}
