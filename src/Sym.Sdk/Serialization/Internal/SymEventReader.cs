using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Sym.Sdk.Runtime.Internal;

namespace Sym.Sdk.Serialization.Internal;

/// <summary>
/// Reads one Sym event document in a single forward pass over its UTF-8 bytes (no reflection, no intermediate DOM
/// except for <c>fields</c>, whose values the model keeps as <see cref="JsonElement"/>).
/// </summary>
/// <remarks>
/// Required: the document is an object; <c>event</c> is an object with a non-empty string <c>type</c> and a
/// timestamp string <c>timestamp</c>; <c>actor</c> (and every non-null <c>run.actors.*</c>) is an object with a string
/// <c>username</c>; an identity, when present, has a string <c>service</c>; <c>fields.target</c>, when present, is an
/// object with a string <c>name</c>. Every other known member is optional but, when present and not null, must have
/// its documented type. SRNs are read leniently: text that does not parse leaves the model's SRN
/// <see langword="null"/> and is written back unchanged.
/// </remarks>
internal ref struct SymEventReader
{
    private const string InvalidEventHint =
        "Pass the event document exactly as Sym's platform delivered it (schema_version 4 or later); the remarks on SymEventJson list the members an event must have.";

    private readonly ReadOnlySpan<byte> _input;
    private Utf8JsonReader _reader;
    private JsonPathStack _path;
    private StringCache _strings;

    private SymEventReader(ReadOnlySpan<byte> input)
    {
        _input = input;
        _reader = new Utf8JsonReader(input, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
    }

    public static Event Read(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.IsEmpty)
        {
            throw Invalid("$", "the document is empty");
        }

        if (!Utf8.IsValid(utf8Json))
        {
            throw Invalid("$", "the document is not valid UTF-8");
        }

        var reader = new SymEventReader(utf8Json);
        try
        {
            Event evt = reader.ReadDocument();
            if (reader._reader.Read())
            {
                throw Invalid("$", "there is more content after the document");
            }

            return evt;
        }
        catch (JsonException ex)
        {
            throw new SymException(SymEventJson.InvalidEventErrorCode,
                $"The Sym event is not valid JSON at {reader._path}: {ex.Message}", InvalidEventHint, ex);
        }
    }

    internal static SymException Invalid(string path, string problem, Exception? inner = null) =>
        new(SymEventJson.InvalidEventErrorCode, $"The Sym event is invalid at {path}: {problem}.", InvalidEventHint, inner);

    private Event ReadDocument()
    {
        Next();
        ExpectObject();

        WireMembers? root = new();
        var section = new WireMembers();
        string? id = null;
        EventMeta? meta = null;
        RunPart run = default;
        bool runSeen = false;
        EventPart evt = default;
        bool eventSeen = false;
        User? actor = null;
        EventFields? fields = null;

        while (NextProperty())
        {
            if (_reader.ValueTextEquals("id"u8))
            {
                Enter("id");
                id = ReadOptionalString(ref root, "id", string.Empty) ?? string.Empty;
                Leave();
            }
            else if (_reader.ValueTextEquals("meta"u8))
            {
                Enter("meta");
                meta = IsNullValue(root!, "meta", EventMetaDefault) ? EventMetaDefault : ReadMeta();
                Leave();
            }
            else if (_reader.ValueTextEquals("run"u8))
            {
                Enter("run");
                runSeen = true;
                run = IsNullValue(root!, "run", EmptyRun) ? new RunPart(EmptyRun, null) : ReadRun();
                Leave();
            }
            else if (_reader.ValueTextEquals("event"u8))
            {
                Enter("event");
                Next();
                ExpectObject();
                evt = ReadEventSection(section);
                eventSeen = true;
                Leave();
            }
            else if (_reader.ValueTextEquals("actor"u8))
            {
                Enter("actor");
                Next();
                ExpectObject();
                actor = ReadUser();
                Leave();
            }
            else if (_reader.ValueTextEquals("fields"u8))
            {
                Enter("fields");
                fields = IsNullValue(root!, "fields", EventFields.Empty) ? EventFields.Empty : ReadFields();
                Leave();
            }
            else
            {
                ReadUnknown(root!);
            }
        }

        if (!eventSeen)
        {
            throw Invalid("$.event", "the member is missing");
        }

        if (actor is null)
        {
            throw Invalid("$.actor", "the member is missing");
        }

        if (id is null)
        {
            id = string.Empty;
            root!.SetKnown("id", null, id);
        }

        if (meta is null)
        {
            meta = EventMetaDefault;
            root!.SetKnown("meta", null, meta);
        }

        if (fields is null)
        {
            fields = EventFields.Empty;
            root!.SetKnown("fields", null, fields);
        }

        Run runModel = run.Run ?? EmptyRun;
        if (!runSeen)
        {
            root!.SetKnown("run", null, runModel);
        }

        return new Event
        {
            Id = id,
            Name = evt.Name!,
            Meta = meta,
            Template = evt.Template!,
            Channel = evt.Channel,
            Payload = new EventPayload { Timestamp = evt.Timestamp, Srn = evt.Srn, User = actor, Fields = fields },
            Flow = run.Flow ?? new Flow { Name = string.Empty },
            Run = runModel,
            WireDocument = root,
            WireEventSection = section,
        };
    }

    private static EventMeta EventMetaDefault { get; } = new();

    private static Run EmptyRun { get; } = new() { Id = string.Empty };

    private EventMeta ReadMeta()
    {
        ExpectObject();
        WireMembers? bag = null;
        int? version = null;
        while (NextProperty())
        {
            if (_reader.ValueTextEquals("schema_version"u8))
            {
                Enter("schema_version");
                Next();
                bag?.RemoveKnown("schema_version");
                if (_reader.TokenType == JsonTokenType.Null)
                {
                    (bag ??= new()).SetKnown("schema_version", Raw(), EventMetaDefault.SchemaVersion);
                    version = EventMetaDefault.SchemaVersion;
                }
                else if (_reader.TokenType == JsonTokenType.Number && _reader.TryGetInt32(out int v))
                {
                    version = v;
                }
                else
                {
                    throw WrongType("an integer");
                }

                Leave();
            }
            else
            {
                ReadUnknown(bag ??= new());
            }
        }

        if (version is null)
        {
            (bag ??= new()).SetKnown("schema_version", null, EventMetaDefault.SchemaVersion);
        }

        return new EventMeta { SchemaVersion = version ?? EventMetaDefault.SchemaVersion, Wire = bag };
    }

    private RunPart ReadRun()
    {
        ExpectObject();
        WireMembers? bag = null;
        Srn? srn = null, parent = null, flow = null;
        string? srnText = null, flowText = null;
        SmallMap<User>? actors = null;
        bool actorsSeen = false;
        while (NextProperty())
        {
            if (_reader.ValueTextEquals("srn"u8))
            {
                Enter("srn");
                srn = ReadSrn(ref bag, "srn", out srnText);
                Leave();
            }
            else if (_reader.ValueTextEquals("parent"u8))
            {
                Enter("parent");
                parent = ReadSrn(ref bag, "parent", out _);
                Leave();
            }
            else if (_reader.ValueTextEquals("flow"u8))
            {
                Enter("flow");
                flow = ReadSrn(ref bag, "flow", out flowText);
                Leave();
            }
            else if (_reader.ValueTextEquals("actors"u8))
            {
                Enter("actors");
                actorsSeen = true;
                actors = ReadActors(ref bag);
                Leave();
            }
            else
            {
                ReadUnknown(bag ??= new());
            }
        }

        IReadOnlyDictionary<string, User> actorMap = actors ?? EmptyDictionary<User>.Instance;
        if (!actorsSeen)
        {
            (bag ??= new()).SetKnown("actors", null, actorMap);
        }

        var run = new Run
        {
            Id = srn?.Identifier ?? srnText ?? string.Empty,
            Srn = srn,
            Parent = parent,
            FlowSrn = flow,
            Actors = actorMap,
            Wire = bag,
        };
        return new RunPart(run, new Flow { Name = flow?.Slug ?? flowText ?? string.Empty, Srn = flow });
    }

    private SmallMap<User>? ReadActors(ref WireMembers? runBag)
    {
        Next();
        runBag?.RemoveKnown("actors");
        if (_reader.TokenType == JsonTokenType.Null)
        {
            (runBag ??= new()).SetKnown("actors", Raw(), EmptyDictionary<User>.Instance);
            return null;
        }

        ExpectObject();
        int start = checked((int)_reader.TokenStartIndex);
        var actors = new SmallMap<User>.Builder();
        bool hasNull = false;
        while (NextProperty())
        {
            string step = GetString();
            Enter(step);
            Next();
            if (_reader.TokenType == JsonTokenType.Null)
            {
                // A step without an actor: not in the model, kept by writing the whole object back while unchanged.
                hasNull = true;
            }
            else
            {
                ExpectObject();
                actors.Set(step, ReadUser());
            }

            Leave();
        }

        SmallMap<User> map = actors.Build();
        if (hasNull)
        {
            (runBag ??= new()).SetKnown("actors", _input[start..checked((int)_reader.BytesConsumed)].ToArray(), map);
        }

        return map;
    }

    private EventPart ReadEventSection(WireMembers bag)
    {
        var part = new EventPart { Template = EventTemplate.Approval };
        bool timestampSeen = false, templateSeen = false;
        while (NextProperty())
        {
            if (_reader.ValueTextEquals("type"u8))
            {
                Enter("type");
                Next();
                if (_reader.TokenType != JsonTokenType.String)
                {
                    throw WrongType("a string");
                }

                part.Name = GetString();
                if (part.Name.Length == 0)
                {
                    throw Invalid(_path.ToString(), "the event type is empty");
                }

                Leave();
            }
            else if (_reader.ValueTextEquals("srn"u8))
            {
                Enter("srn");
                WireMembers? b = bag;
                part.Srn = ReadSrn(ref b, "srn", out _);
                Leave();
            }
            else if (_reader.ValueTextEquals("template"u8))
            {
                Enter("template");
                templateSeen = true;
                part.Template = ReadTemplate(bag);
                Leave();
            }
            else if (_reader.ValueTextEquals("timestamp"u8))
            {
                Enter("timestamp");
                Next();
                if (_reader.TokenType != JsonTokenType.String)
                {
                    throw WrongType("a timestamp string");
                }

                try
                {
                    part.Timestamp = ReadTimestamp();
                }
                catch (InvalidOperationException ex)
                {
                    throw Invalid(_path.ToString(), "the string holds an invalid escape sequence", ex);
                }

                bag.SetKnown("timestamp", Raw(), part.Timestamp);
                timestampSeen = true;
                Leave();
            }
            else if (_reader.ValueTextEquals("channel"u8))
            {
                Enter("channel");
                WireMembers? b = bag;
                part.Channel = ReadOptionalString(ref b, "channel", null);
                Leave();
            }
            else
            {
                ReadUnknown(bag);
            }
        }

        if (part.Name is null)
        {
            throw Invalid(_path.With("type"), "the member is missing");
        }

        if (!timestampSeen)
        {
            throw Invalid(_path.With("timestamp"), "the member is missing");
        }

        if (!templateSeen)
        {
            bag.SetKnown("template", null, part.Template);
        }

        return part;
    }

    private EventTemplate ReadTemplate(WireMembers bag)
    {
        WireMembers? b = bag;
        Srn? srn = ReadSrn(ref b, "template", out string? text);
        EventTemplate template = srn is not null
            ? srn == EventTemplate.Approval.Srn ? EventTemplate.Approval : new EventTemplate { Name = srn.Slug, Srn = srn }
            : text is null
                ? EventTemplate.Approval // JSON null: the default stands in; the null is written back while unchanged.
                : new EventTemplate { Name = text };

        // The writer compares the template as a whole, so the kept raw form is keyed to it rather than to its SRN.
        if (bag.TryGetKnown("template", out WireMembers.Entry kept))
        {
            bag.SetKnown("template", kept.Raw, template);
        }

        return template;
    }

    private DateTimeOffset ReadTimestamp()
    {
        if (_reader.TryGetDateTime(out DateTime local))
        {
            if (local.Kind == DateTimeKind.Unspecified)
            {
                return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Utc));
            }

            if (_reader.TryGetDateTimeOffset(out DateTimeOffset withOffset))
            {
                return withOffset;
            }
        }

        // Not the strict ISO 8601 profile System.Text.Json reads (for example a space between date and time).
        if (DateTimeOffset.TryParse(GetString(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out DateTimeOffset parsed))
        {
            return parsed;
        }

        throw Invalid(_path.ToString(), "the value is not an ISO 8601 timestamp");
    }

    private User ReadUser()
    {
        WireMembers? bag = null;
        Srn? srn = null;
        string? srnText = null, name = null, username = null;
        IReadOnlyList<UserIdentity> identities = [];
        while (NextProperty())
        {
            if (_reader.ValueTextEquals("user"u8))
            {
                Enter("user");
                srn = ReadSrn(ref bag, "user", out srnText);
                Leave();
            }
            else if (_reader.ValueTextEquals("username"u8))
            {
                Enter("username");
                Next();
                if (_reader.TokenType != JsonTokenType.String)
                {
                    throw WrongType("a string");
                }

                username = GetRepeatedString();
                Leave();
            }
            else if (_reader.ValueTextEquals("name"u8))
            {
                Enter("name");
                name = ReadOptionalString(ref bag, "name", null);
                Leave();
            }
            else if (_reader.ValueTextEquals("identity"u8))
            {
                Enter("identity");
                Next();
                bag?.RemoveKnown("identity");
                if (_reader.TokenType == JsonTokenType.Null)
                {
                    identities = [];
                    (bag ??= new()).SetKnown("identity", Raw(), identities);
                }
                else
                {
                    ExpectObject();
                    identities = [ReadIdentity()];
                }

                Leave();
            }
            else
            {
                ReadUnknown(bag ??= new());
            }
        }

        if (username is null)
        {
            throw Invalid(_path.With("username"), "the member is missing");
        }

        if (string.IsNullOrWhiteSpace(username))
        {
            throw Invalid(_path.With("username"), "the username is empty");
        }

        return new User
        {
            Id = srn is null ? srnText ?? string.Empty : srn.Identifier ?? srn.Slug,
            Srn = srn,
            Type = srn?.Type is { } type ? new UserType(type) : UserType.Normal,
            Username = username,
            Name = name,
            Identities = identities,
            Wire = bag,
        };
    }

    private UserIdentity ReadIdentity()
    {
        WireMembers? bag = null;
        string? service = null, serviceId = null, userId = null, email = null;
        while (NextProperty())
        {
            if (_reader.ValueTextEquals("service"u8))
            {
                Enter("service");
                Next();
                if (_reader.TokenType != JsonTokenType.String)
                {
                    throw WrongType("a string");
                }

                service = GetRepeatedString();
                Leave();
            }
            else if (_reader.ValueTextEquals("external_id"u8))
            {
                Enter("external_id");
                serviceId = ReadOptionalString(ref bag, "external_id", null);
                Leave();
            }
            else if (_reader.ValueTextEquals("user_id"u8))
            {
                Enter("user_id");
                userId = ReadOptionalString(ref bag, "user_id", null);
                Leave();
            }
            else if (_reader.ValueTextEquals("email"u8))
            {
                Enter("email");
                email = ReadOptionalString(ref bag, "email", null);
                Leave();
            }
            else
            {
                ReadUnknown(bag ??= new());
            }
        }

        if (service is null)
        {
            throw Invalid(_path.With("service"), "the member is missing");
        }

        return new UserIdentity { Service = service, ServiceId = serviceId, UserId = userId, Email = email, Wire = bag };
    }

    private EventFields ReadFields()
    {
        ExpectObject();
        int start = checked((int)_reader.TokenStartIndex);
        var entries = new RawFieldValues.Entry[4];
        int length = 0;
        AccessTarget? target = null;
        while (NextProperty())
        {
            string name = FieldName();
            Enter(name);
            Next();
            int valueStart = checked((int)_reader.TokenStartIndex);
            if ((object)name == "target")
            {
                // The requested target is read into the model on the way (last one wins, as for every field).
                target = _reader.TokenType switch
                {
                    JsonTokenType.StartObject => ReadTarget(),
                    JsonTokenType.Null => null,
                    _ => throw WrongType("an object"),
                };
            }
            else
            {
                SkipValue();
            }

            Leave();
            if (length == entries.Length)
            {
                Array.Resize(ref entries, length * 2);
            }

            // A repeated name: the last value wins, as in a dictionary; the earlier ones stay for the DOM's order.
            for (int i = 0; i < length; i++)
            {
                if (string.Equals(entries[i].Name, name, StringComparison.Ordinal))
                {
                    entries[i] = entries[i] with { Shadowed = true };
                }
            }

            entries[length++] = new RawFieldValues.Entry(name, valueStart - start, checked((int)_reader.BytesConsumed) - valueStart, false);
        }

        byte[] utf8 = _input[start..checked((int)_reader.BytesConsumed)].ToArray();
        return new EventFields(new RawFieldValues(utf8, entries, length), target);
    }

    /// <summary>The current property's name, without allocating for the names every event carries.</summary>
    private readonly string FieldName() =>
        _reader.ValueTextEquals("reason"u8) ? "reason"
        : _reader.ValueTextEquals("duration"u8) ? "duration"
        : _reader.ValueTextEquals("target"u8) ? "target"
        : _reader.ValueTextEquals("target_id"u8) ? "target_id"
        : GetString();

    /// <summary>
    /// Skips the current value. Field values reach user code as <see cref="JsonElement"/>; a string they could not read
    /// (a lone surrogate escape) is rejected here, at the field's path, rather than later in a hook.
    /// </summary>
    private void SkipValue()
    {
        if (_reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            CheckEscapedString();
            return;
        }

        int depth = _reader.CurrentDepth;
        do
        {
            Next();
            CheckEscapedString();
        }
        while (_reader.CurrentDepth > depth);
    }

    private readonly void CheckEscapedString()
    {
        if (_reader.ValueIsEscaped && _reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
        {
            _ = GetString();
        }
    }

    /// <summary>Reads the access target (<c>fields.target</c>), positioned on its start; the path points at it.</summary>
    private AccessTarget ReadTarget()
    {
        string? name = null, type = null, label = null;
        Srn? srn = null;
        IReadOnlyDictionary<string, string> settings = EmptyDictionary<string>.Instance;
        while (NextProperty())
        {
            if (_reader.ValueTextEquals("name"u8))
            {
                Enter("name");
                Next();
                name = _reader.TokenType == JsonTokenType.String ? GetString() : throw WrongType("a string");
                Leave();
            }
            else if (_reader.ValueTextEquals("srn"u8))
            {
                Enter("srn");
                Next();
                if (_reader.TokenType == JsonTokenType.String)
                {
                    srn = ReadSrnToken(out _, out _);
                }
                else if (_reader.TokenType == JsonTokenType.Null)
                {
                    srn = null;
                }
                else
                {
                    throw WrongType("a string");
                }

                Leave();
            }
            else if (_reader.ValueTextEquals("type"u8))
            {
                Enter("type");
                type = ReadNullableString();
                Leave();
            }
            else if (_reader.ValueTextEquals("label"u8))
            {
                Enter("label");
                label = ReadNullableString();
                Leave();
            }
            else if (_reader.ValueTextEquals("settings"u8))
            {
                Enter("settings");
                settings = ReadSettings();
                Leave();
            }
            else
            {
                Enter(GetString());
                Next();
                SkipValue();
                Leave();
            }
        }

        if (name is null)
        {
            throw Invalid(_path.With("name"), "the member is missing");
        }

        return new AccessTarget { Name = name, Srn = srn, Type = type ?? "custom", Label = label, Settings = settings };
    }

    private string? ReadNullableString()
    {
        Next();
        return _reader.TokenType switch
        {
            JsonTokenType.String => GetString(),
            JsonTokenType.Null => null,
            _ => throw WrongType("a string"),
        };
    }

    /// <summary>
    /// Settings are strings in the model. Other scalars keep their JSON text (<c>true</c>, <c>42</c>), nested values
    /// their raw JSON, and nulls are left out; <c>fields.target</c> itself keeps the original JSON.
    /// </summary>
    private IReadOnlyDictionary<string, string> ReadSettings()
    {
        Next();
        if (_reader.TokenType == JsonTokenType.Null)
        {
            return EmptyDictionary<string>.Instance;
        }

        ExpectObject();
        var settings = new SmallMap<string>.Builder();
        while (NextProperty())
        {
            string name = GetString();
            Enter(name);
            Next();
            int start = checked((int)_reader.TokenStartIndex);
            switch (_reader.TokenType)
            {
                case JsonTokenType.String:
                    settings.Set(name, GetString());
                    break;
                case JsonTokenType.Null:
                    break;
                default:
                    SkipValue();
                    settings.Set(name, System.Text.Encoding.UTF8.GetString(_input[start..checked((int)_reader.BytesConsumed)]));
                    break;
            }

            Leave();
        }

        return settings.Build();
    }

    // ---- reading primitives ----

    private void Next()
    {
        if (!_reader.Read())
        {
            throw Invalid(_path.ToString(), "the document ends early");
        }
    }

    private bool NextProperty()
    {
        Next();
        if (_reader.TokenType != JsonTokenType.PropertyName)
        {
            return false;
        }

        if (_reader.ValueIsEscaped)
        {
            // Comparing an escaped name unescapes it, which throws on an invalid escape: check it here, with a path.
            _ = GetString();
        }

        return true;
    }

    private readonly void ExpectObject()
    {
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            throw WrongType("an object");
        }
    }

    private void Enter(string name) => _path.Push(name);

    private void Leave() => _path.Pop();

    /// <summary>Reads the next value; when it is JSON null, keeps it for the round trip and returns true.</summary>
    private bool IsNullValue(WireMembers bag, string name, object parsedDefault)
    {
        Next();
        bag.RemoveKnown(name);
        if (_reader.TokenType != JsonTokenType.Null)
        {
            return false;
        }

        bag.SetKnown(name, Raw(), parsedDefault);
        return true;
    }

    private string? ReadOptionalString(ref WireMembers? bag, string name, string? nullValue)
    {
        Next();
        bag?.RemoveKnown(name);
        switch (_reader.TokenType)
        {
            case JsonTokenType.String:
                return GetRepeatedString();
            case JsonTokenType.Null:
                (bag ??= new()).SetKnown(name, Raw(), nullValue);
                return nullValue;
            default:
                throw WrongType("a string");
        }
    }

    /// <summary>Reads an SRN member leniently; <paramref name="text"/> is null only for JSON null.</summary>
    private Srn? ReadSrn(ref WireMembers? bag, string name, out string? text)
    {
        Next();
        bag?.RemoveKnown(name);
        if (_reader.TokenType == JsonTokenType.Null)
        {
            (bag ??= new()).SetKnown(name, Raw(), null);
            text = null;
            return null;
        }

        if (_reader.TokenType != JsonTokenType.String)
        {
            throw WrongType("an SRN string");
        }

        Srn? srn = ReadSrnToken(out text, out bool canonical);
        if (!canonical)
        {
            // Not an SRN we can represent exactly: keep the text so it is written back unchanged.
            (bag ??= new()).SetKnown(name, Raw(), srn);
        }

        return srn;
    }

    /// <summary>Reads the current string token as an SRN through the process-wide cache (<see langword="null"/> when it does not parse).</summary>
    private Srn? ReadSrnToken(out string text, out bool canonical)
    {
        try
        {
            return SrnCache.Read(ref _reader, out text, out canonical);
        }
        catch (InvalidOperationException ex)
        {
            throw Invalid(_path.ToString(), "the string holds an invalid escape sequence", ex);
        }
    }

    private readonly string GetString()
    {
        try
        {
            return _reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw Invalid(_path.ToString(), "the string holds an invalid escape sequence", ex);
        }
    }

    /// <summary>Reads a string that the document likely repeats (actors repeat the same user), once per document.</summary>
    private string GetRepeatedString()
    {
        try
        {
            return _strings.Get(ref _reader, _input);
        }
        catch (InvalidOperationException ex)
        {
            throw Invalid(_path.ToString(), "the string holds an invalid escape sequence", ex);
        }
    }

    private void ReadUnknown(WireMembers bag)
    {
        string name = GetString();
        Enter(name);
        Next();
        bag.AddUnknown(name, Raw());
        Leave();
    }

    /// <summary>Copies the current value's raw JSON, skipping to its end.</summary>
    private byte[] Raw()
    {
        int start = checked((int)_reader.TokenStartIndex);
        if (_reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            _reader.Skip();
        }

        return _input[start..checked((int)_reader.BytesConsumed)].ToArray();
    }

    private readonly SymException WrongType(string expected) =>
        Invalid(_path.ToString(), $"expected {expected} but found {Describe(_reader.TokenType)}");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private readonly record struct RunPart(Run? Run, Flow? Flow);

    private struct EventPart
    {
        public string? Name;
        public Srn? Srn;
        public EventTemplate? Template;
        public DateTimeOffset Timestamp;
        public string? Channel;
    }
}
