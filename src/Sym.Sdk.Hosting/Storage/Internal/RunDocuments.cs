using System.Text.Json;
using Sym.Sdk.Requests;
using Sym.Sdk.Runtime;
using Sym.Sdk.Strategies;
using Sym.Sdk.Hosting.Storage;

namespace Sym.Sdk.Hosting.Storage.Internal;

/// <summary>Maps <see cref="SymRun"/> to its stored JSON document and back, losslessly for everything a run holds.</summary>
internal static class RunDocuments
{
    public static string Serialize(SymRun run) => JsonSerializer.Serialize(ToDocument(run), RunJsonContext.Default.RunDocument);

    /// <summary>The part of an outbox message stored beside its run snapshot.</summary>
    public static string SerializeMessage(SymOutboxMessage message) => JsonSerializer.Serialize(new MessageDocument
    {
        Destination = message.Destination is null ? null : ToDocument(message.Destination),
        NotificationIndex = message.NotificationIndex,
        Update = message.Update is not { } u ? null : new UpdateDocument { Kind = u.Kind, Actor = u.Actor is null ? null : ToDocument(u.Actor), Message = u.Message },
        Channel = message.Channel,
        Error = message.Error is not { } e ? null : new ErrorReportDocument
        {
            Flow = e.Flow,
            RunId = e.RunId,
            Error = new ErrorDocument { Step = e.Error.Step, Code = e.Error.Code, Message = e.Error.Message, Source = e.Error.Source, Timestamp = e.Error.Timestamp },
            Requester = e.Requester is null ? null : ToDocument(e.Requester),
        },
    }, RunJsonContext.Default.MessageDocument);

    /// <summary>Reads a stored outbox message's document onto <paramref name="message"/> (which has the queue's columns).</summary>
    public static SymOutboxMessage DeserializeMessage(SymOutboxMessage message, string json)
    {
        MessageDocument d = JsonSerializer.Deserialize(json, RunJsonContext.Default.MessageDocument)
            ?? throw new JsonException("The message document is null.");
        return message with
        {
            Destination = d.Destination is null ? null : FromDocument(d.Destination),
            NotificationIndex = d.NotificationIndex,
            Update = d.Update is not { } u ? null : new SymRunUpdate(u.Kind, u.Actor is null ? null : FromDocument(u.Actor), u.Message),
            Channel = d.Channel,
            Error = d.Error is not { } e ? null : new SymErrorReport
            {
                Flow = e.Flow,
                RunId = e.RunId,
                Error = new SymRunError { Step = e.Error.Step, Code = e.Error.Code, Message = e.Error.Message, Source = e.Error.Source, Timestamp = e.Error.Timestamp },
                Requester = e.Requester is null ? null : FromDocument(e.Requester),
            },
        };
    }

    /// <summary>Reads a stored run; <paramref name="version"/> (the store's column) is authoritative.</summary>
    public static SymRun Deserialize(string json, long version)
    {
        RunDocument document = JsonSerializer.Deserialize(json, RunJsonContext.Default.RunDocument)
            ?? throw new JsonException("The run document is null.");
        return FromDocument(document, version);
    }

    public static RunDocument ToDocument(SymRun run) => new()
    {
        Id = run.Id,
        Version = run.Version,
        Flow = run.Flow,
        State = run.State,
        Requester = ToDocument(run.Requester),
        Target = ToDocument(run.Target),
        Duration = run.Duration,
        Fields = run.Fields.Count == 0 ? null : new Dictionary<string, JsonElement>(run.Fields, StringComparer.Ordinal),
        FieldsTarget = ToDocument(run.Fields.Target),
        SourceChannel = run.SourceChannel,
        RequestedAt = run.RequestedAt,
        PendingExpiresAt = run.PendingExpiresAt,
        Actors = run.Actors.Count == 0 ? null : Map(run.Actors, static u => ToDocument(u)),
        Outputs = run.Outputs.Count == 0 ? null : Map(run.Outputs, static o => new OutputDocument
        {
            Outcome = o.Outcome, Message = o.Message, Data = o.Data.Count == 0 ? null : new Dictionary<string, string>(o.Data, StringComparer.Ordinal),
        }),
        Permission = run.Permission is { } p
            ? new PermissionDocument
            {
                Level = p.Level?.Value, UserIds = p.UserIds.Count == 0 ? null : [.. p.UserIds], AllowSelfApproval = p.AllowSelfApproval,
                ViewLevel = p.WebappView?.Level?.Value, ViewUserIds = p.WebappView is { Level: null } v ? [.. v.UserIdList] : null,
            }
            : null,
        Contexts = run.Contexts.Count == 0 ? null : new Dictionary<string, JsonElement>(run.Contexts, StringComparer.Ordinal),
        Notifications = run.Notifications.Count == 0 ? null : run.Notifications.Select(static n => new NotificationDocument
        {
            Destinations = [.. n.Destinations.Select(ToDocument)], Timeout = n.Timeout,
        }).ToList(),
        ForwardOnDeliveryFailure = run.ForwardOnDeliveryFailure,
        NotificationIndex = run.NotificationIndex,
        MessageReference = run.MessageReference,
        Approvals = run.Approvals.Count == 0 ? null : [.. run.Approvals.Select(static u => ToDocument(u))],
        Denials = run.Denials.Count == 0 ? null : [.. run.Denials.Select(static u => ToDocument(u))],
        DecisionReason = run.DecisionReason,
        EscalatedAt = run.EscalatedAt,
        ExpiresAt = run.ExpiresAt,
        DeescalateType = run.DeescalateType,
        DeescalateFailures = run.DeescalateFailures,
        EscalationFailed = run.EscalationFailed,
        PendingExtension = run.PendingExtension,
        ExtensionCount = run.ExtensionCount,
        EndedAt = run.EndedAt,
        DroppedErrorCount = run.DroppedErrorCount,
        Errors = run.Errors.Count == 0 ? null : [.. run.Errors.Select(static e => new ErrorDocument
        {
            Step = e.Step, Code = e.Code, Message = e.Message, Source = e.Source, Timestamp = e.Timestamp,
        })],
    };

    public static SymRun FromDocument(RunDocument d, long version)
    {
        AccessTarget? target = FromDocument(d.Target);
        AccessTarget? fieldsTarget = d.FieldsTarget is null ? null : target is not null && Same(d.FieldsTarget, d.Target) ? target : FromDocument(d.FieldsTarget);
        return new SymRun
        {
            Id = d.Id,
            Version = version,
            Flow = d.Flow,
            State = d.State,
            Requester = FromDocument(d.Requester),
            Target = target,
            Duration = d.Duration,
            Fields = d.Fields is null && fieldsTarget is null
                ? EventFields.Empty
                : new EventFields(d.Fields ?? new Dictionary<string, JsonElement>(0, StringComparer.Ordinal), fieldsTarget),
            SourceChannel = d.SourceChannel,
            RequestedAt = d.RequestedAt,
            PendingExpiresAt = d.PendingExpiresAt,
            Actors = d.Actors is null ? new Dictionary<string, User>(0, StringComparer.Ordinal) : Map(d.Actors, FromDocument),
            Outputs = d.Outputs is null ? new Dictionary<string, StrategyOutput>(0, StringComparer.Ordinal) : Map(d.Outputs, static o => new StrategyOutput
            {
                Outcome = o.Outcome, Message = o.Message,
                Data = o.Data is null ? new Dictionary<string, string>(0, StringComparer.Ordinal) : new Dictionary<string, string>(o.Data, StringComparer.Ordinal),
            }),
            Permission = d.Permission is { } p
                ? (p.Level is not null
                    ? new RequestPermission { Level = new PermissionLevel(p.Level), AllowSelfApproval = p.AllowSelfApproval }
                    : new RequestPermission { UserIds = p.UserIds ?? [], AllowSelfApproval = p.AllowSelfApproval }) with
                {
                    WebappView = p.ViewLevel is not null
                        ? PermissionAudience.AtLevel(new PermissionLevel(p.ViewLevel))
                        : p.ViewUserIds is not null ? PermissionAudience.UserIds(p.ViewUserIds) : null,
                }
                : null,
            Contexts = d.Contexts is null ? new Dictionary<string, JsonElement>(0, StringComparer.Ordinal) : new Dictionary<string, JsonElement>(d.Contexts, StringComparer.Ordinal),
            Notifications = d.Notifications is null ? [] : [.. d.Notifications.Select(static n => new Notification(n.Destinations.Select(FromDocument), n.Timeout))],
            ForwardOnDeliveryFailure = d.ForwardOnDeliveryFailure,
            NotificationIndex = d.NotificationIndex,
            MessageReference = d.MessageReference,
            Approvals = d.Approvals is null ? [] : [.. d.Approvals.Select(FromDocument)],
            Denials = d.Denials is null ? [] : [.. d.Denials.Select(FromDocument)],
            DecisionReason = d.DecisionReason,
            EscalatedAt = d.EscalatedAt,
            ExpiresAt = d.ExpiresAt,
            DeescalateType = d.DeescalateType,
            DeescalateFailures = d.DeescalateFailures,
            EscalationFailed = d.EscalationFailed,
            PendingExtension = d.PendingExtension,
            ExtensionCount = d.ExtensionCount,
            EndedAt = d.EndedAt,
            DroppedErrorCount = d.DroppedErrorCount,
            Errors = d.Errors is null ? [] : [.. d.Errors.Select(static e => new SymRunError
            {
                Step = e.Step, Code = e.Code, Message = e.Message, Source = e.Source, Timestamp = e.Timestamp,
            })],
        };
    }

    private static UserDocument ToDocument(User user)
    {
        string? defaultName = DefaultName(user.FirstName, user.LastName);
        return new UserDocument
        {
            Id = user.Id.Length == 0 ? null : user.Id,
            Srn = user.Srn?.ToString(),
            Username = user.Username,
            Email = string.Equals(user.Email, user.Username, StringComparison.Ordinal) ? null : user.Email,
            Type = user.Type == UserType.Normal ? null : user.Type.Value,
            FirstName = user.FirstName,
            LastName = user.LastName,
            Name = string.Equals(user.Name, defaultName, StringComparison.Ordinal) ? null : user.Name,
            Role = user.Role == UserRole.Member ? null : user.Role.Value,
            Identities = user.Identities.Count == 0 ? null : [.. user.Identities.Select(static i => new IdentityDocument
            {
                Service = i.Service, ServiceId = i.ServiceId, UserId = i.UserId, Email = i.Email,
            })],
        };
    }

    private static User FromDocument(UserDocument d) => new()
    {
        Id = d.Id ?? string.Empty,
        Srn = d.Srn is null ? null : Srn.Parse(d.Srn),
        Username = d.Username,
        Email = d.Email!,
        Type = d.Type is null ? UserType.Normal : new UserType(d.Type),
        FirstName = d.FirstName,
        LastName = d.LastName,
        Name = d.Name,
        Role = d.Role is null ? UserRole.Member : new UserRole(d.Role),
        Identities = d.Identities is null ? [] : [.. d.Identities.Select(static i => new UserIdentity
        {
            Service = i.Service, ServiceId = i.ServiceId, UserId = i.UserId, Email = i.Email,
        })],
    };

    private static string? DefaultName(string? first, string? last) => first is null && last is null ? null : $"{first} {last}".Trim();

    private static TargetDocument? ToDocument(AccessTarget? target) => target is null ? null : new TargetDocument
    {
        Srn = target.Srn?.ToString(),
        Name = target.Name,
        Label = target.Label,
        Type = target.Type,
        Settings = target.Settings.Count == 0 ? null : new Dictionary<string, string>(target.Settings, StringComparer.Ordinal),
    };

    private static AccessTarget? FromDocument(TargetDocument? d) => d is null ? null : new AccessTarget
    {
        Srn = d.Srn is null ? null : Srn.Parse(d.Srn),
        Name = d.Name,
        Label = d.Label,
        Type = d.Type ?? "custom",
        Settings = d.Settings is null
            ? new Dictionary<string, string>(0, StringComparer.Ordinal)
            : new Dictionary<string, string>(d.Settings, StringComparer.Ordinal),
    };

    private static bool Same(TargetDocument a, TargetDocument? b) =>
        b is not null && string.Equals(a.Srn, b.Srn, StringComparison.Ordinal) && string.Equals(a.Name, b.Name, StringComparison.Ordinal)
        && string.Equals(a.Label, b.Label, StringComparison.Ordinal) && string.Equals(a.Type, b.Type, StringComparison.Ordinal)
        && (a.Settings ?? []).Count == (b.Settings ?? []).Count
        && (a.Settings ?? []).All(kv => b.Settings!.TryGetValue(kv.Key, out string? v) && string.Equals(v, kv.Value, StringComparison.Ordinal));

    private static DestinationDocument ToDocument(RequestDestination destination) => destination switch
    {
        SlackUser u => new DestinationDocument { Kind = "slack_user", AllowSelf = u.AllowSelf, Timeout = u.Timeout, UserId = u.UserId },
        SlackChannelId c => new DestinationDocument { Kind = "slack_channel_id", AllowSelf = c.AllowSelf, Timeout = c.Timeout, ChannelId = c.ChannelId },
        SlackChannelName c => new DestinationDocument { Kind = "slack_channel_name", AllowSelf = c.AllowSelf, Timeout = c.Timeout, ChannelName = c.ChannelName },
        SlackUserGroup g => new DestinationDocument
        {
            Kind = "slack_user_group", AllowSelf = g.AllowSelf, Timeout = g.Timeout, UserIds = [.. g.Users.Select(static u => u.UserId)],
        },
        SlackUserLookup l => new DestinationDocument { Kind = "slack_user_lookup", AllowSelf = l.AllowSelf, Timeout = l.Timeout, Email = l.Email, Name = l.Name },
        RequestDestinationFallback f => new DestinationDocument
        {
            Kind = "fallback", AllowSelf = f.AllowSelf, Timeout = f.Timeout, Destinations = [.. f.Destinations.Select(ToDocument)],
            ContinueOnDeliveryFailure = f.ContinueOnDeliveryFailure, ContinueOnTimeout = f.ContinueOnTimeout,
        },
        _ => throw new SymException(SymStorageErrorCodes.UnsupportedDestination,
            $"The request destination type '{destination.GetType().Name}' cannot be stored.",
            "Use the Slack destinations of Sym.Sdk.Requests (SlackUser, SlackChannelId, SlackChannelName, SlackUserGroup, SlackUserLookup, RequestDestinationFallback)."),
    };

    private static RequestDestination FromDocument(DestinationDocument d)
    {
        RequestDestination destination = d.Kind switch
        {
            "slack_user" => new SlackUser(Required(d.UserId, d.Kind)),
            "slack_channel_id" => new SlackChannelId(Required(d.ChannelId, d.Kind)),
            "slack_channel_name" => new SlackChannelName(Required(d.ChannelName, d.Kind)),
            "slack_user_group" => new SlackUserGroup(Required(d.UserIds, d.Kind).Select(static id => new SlackUser(id))),
            "slack_user_lookup" => d.Email is not null ? SlackUserLookup.ByEmail(d.Email) : SlackUserLookup.ByName(Required(d.Name, d.Kind)),
            "fallback" => new RequestDestinationFallback(Required(d.Destinations, d.Kind).Select(FromDocument))
            {
                ContinueOnDeliveryFailure = d.ContinueOnDeliveryFailure ?? true, ContinueOnTimeout = d.ContinueOnTimeout ?? false,
            },
            _ => throw new JsonException($"Unknown request destination kind '{d.Kind}'."),
        };
        return destination with { AllowSelf = d.AllowSelf, Timeout = d.Timeout };
    }

    private static T Required<T>(T? value, string kind)
        where T : class =>
        value ?? throw new JsonException($"A '{kind}' destination is missing its value.");

    private static Dictionary<string, TTo> Map<TFrom, TTo>(IReadOnlyDictionary<string, TFrom> source, Func<TFrom, TTo> map)
    {
        var result = new Dictionary<string, TTo>(source.Count, StringComparer.Ordinal);
        foreach (KeyValuePair<string, TFrom> kv in source)
        {
            result[kv.Key] = map(kv.Value);
        }

        return result;
    }
}
