using Sym.Sdk.Serialization;
using Sym.Sdk.Templates;

namespace Sym.Sdk.Testing;

/// <summary>
/// Builds the model a hook, reducer or strategy method receives, to unit-test it directly: users, identities, targets,
/// flows and events — or events read from Sym's wire JSON. Every value is a real Sym.Sdk model object.
/// </summary>
/// <example>
/// <code>
/// User alice = FakeEvents.User("alice@example.com", slackId: "U0ALICE");
/// Event evt = FakeEvents.Event("escalate").By(alice).For(FakeEvents.Target("prod", ("identifier", "db-prod"))).Build();
/// StrategyOutput? output = await strategy.EscalateAsync(evt.Fields.TargetId!, evt);
/// </code>
/// </example>
public static class FakeEvents
{
    /// <summary>A user.</summary>
    /// <param name="email">The email, also the username.</param>
    /// <param name="slackId">The Slack user id, added as a <c>slack</c> identity, or <see langword="null"/>.</param>
    /// <param name="role">The role. The default value is <see cref="UserRole.Member"/>.</param>
    /// <param name="firstName">The first name, or <see langword="null"/>.</param>
    /// <param name="lastName">The last name, or <see langword="null"/>.</param>
    /// <param name="identities">More identities.</param>
    /// <returns>The user.</returns>
    public static User User(string email, string? slackId = null, UserRole? role = null, string? firstName = null, string? lastName = null,
        params UserIdentity[] identities)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentNullException.ThrowIfNull(identities);
        List<UserIdentity> all = [];
        if (slackId is not null)
        {
            all.Add(Identity("slack", slackId));
        }

        all.AddRange(identities);
        return new User
        {
            Id = "user-" + email, Username = email, Email = email, Role = role ?? UserRole.Member, FirstName = firstName, LastName = lastName, Identities = all,
        };
    }

    /// <summary>An identity of a user in a service.</summary>
    /// <param name="service">The service, for example <c>slack</c>, <c>okta</c> or <c>custom</c>.</param>
    /// <param name="userId">The user's id in the service.</param>
    /// <param name="serviceId">The service instance (a Slack workspace, an Okta org), or <see langword="null"/>.</param>
    /// <returns>The identity.</returns>
    public static UserIdentity Identity(string service, string userId, string? serviceId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return new UserIdentity { Service = service, UserId = userId, ServiceId = serviceId };
    }

    /// <summary>An access target.</summary>
    /// <param name="name">The name (slug).</param>
    /// <param name="settings">The settings, for example <c>("identifier", "db-prod")</c>.</param>
    /// <returns>The target (its label is its name).</returns>
    public static AccessTarget Target(string name, params (string Key, string Value)[] settings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(settings);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string key, string value) in settings)
        {
            map[key] = value;
        }

        return new AccessTarget { Name = name, Label = name, Settings = map };
    }

    /// <summary>A flow model, as hooks see it in <c>evt.Flow</c>.</summary>
    /// <param name="name">The flow's name.</param>
    /// <param name="vars">The flow's variables, for example <c>("request_channel", "#sym-requests")</c>.</param>
    /// <returns>The flow.</returns>
    public static Flow Flow(string name, params (string Key, string Value)[] vars)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(vars);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string key, string value) in vars)
        {
            map[key] = value;
        }

        return new Flow { Name = name, Label = name, Vars = map };
    }

    /// <summary>Starts building an event of a step.</summary>
    /// <param name="step">The step, for example <c>request</c>, <c>approve</c> or <c>escalate</c>.</param>
    /// <returns>The builder.</returns>
    public static EventBuilder Event(string step) => new(new ApprovalTemplateStep(step));

    /// <summary>Starts building an event of a step.</summary>
    /// <param name="step">The step, for example <see cref="ApprovalTemplateStep.Escalate"/>.</param>
    /// <returns>The builder.</returns>
    public static EventBuilder Event(ApprovalTemplateStep step) => new(step);

    /// <summary>Reads an event from Sym's wire JSON (what Sym sends a Lambda strategy).</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The event.</returns>
    /// <exception cref="SymException">Code <c>SymSDK:INVALID_EVENT</c>: the JSON is not a Sym event.</exception>
    public static Event Parse(string json) => SymEventJson.Parse(json);

    /// <summary>Reads an event from a file of Sym's wire JSON.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The event.</returns>
    /// <exception cref="SymException">Code <c>SymSDK:INVALID_EVENT</c>: the file is not a Sym event.</exception>
    public static Event Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return SymEventJson.Parse(File.ReadAllBytes(path));
    }
}
