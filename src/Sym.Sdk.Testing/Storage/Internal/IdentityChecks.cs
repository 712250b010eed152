using Sym.Sdk.Runtime;

namespace Sym.Sdk.Testing.Storage.Internal;

/// <summary>Users' identities: keyed by username and service ignoring case, replaced per service, saved alone or with a step.</summary>
internal static class IdentityChecks
{
    public static IEnumerable<StoreCheck> All =>
    [
        StoreCheck.Of(GetIdentityAsync_UserAndServiceInAnotherCase_FindsTheSavedIdentity),
        StoreCheck.Of(SaveIdentityAsync_SameServiceInAnotherCase_ReplacesTheIdentity),
        StoreCheck.Of(CommitAsync_Identities_AreSavedWithTheStepAndReplaceEarlierOnes),
        StoreCheck.Of(GetIdentityAsync_EmptyService_Throws),
    ];

    private static async Task GetIdentityAsync_UserAndServiceInAnotherCase_FindsTheSavedIdentity(CheckContext c)
    {
        var identity = new UserIdentity { Service = "okta", ServiceId = "acme", UserId = "00u1", Email = "a@okta.example" };
        await c.Store.SaveIdentityAsync(new User { Username = "A@x.com" }, identity, c.CancellationToken).ConfigureAwait(false);

        Expect.SameMembers(identity, await c.Store.GetIdentityAsync(new User { Username = "a@X.com" }, "OKTA", c.CancellationToken).ConfigureAwait(false),
            "the identity of a@X.com in OKTA (saved for A@x.com in okta)");
        Expect.Null(await c.Store.GetIdentityAsync(new User { Username = "a@x.com" }, "aws_sso", c.CancellationToken).ConfigureAwait(false),
            "the identity of a@x.com in another service");
        Expect.Null(await c.Store.GetIdentityAsync(new User { Username = "b@x.com" }, "okta", c.CancellationToken).ConfigureAwait(false),
            "the identity of another user");
    }

    private static async Task SaveIdentityAsync_SameServiceInAnotherCase_ReplacesTheIdentity(CheckContext c)
    {
        var user = new User { Username = "a@x.com" };
        await c.Store.SaveIdentityAsync(user, new UserIdentity { Service = "okta", UserId = "00u1", Email = "old@x.com" }, c.CancellationToken).ConfigureAwait(false);
        await c.Store.SaveIdentityAsync(user, new UserIdentity { Service = "Okta", UserId = "00u2" }, c.CancellationToken).ConfigureAwait(false);
        Expect.SameMembers(new UserIdentity { Service = "Okta", UserId = "00u2" }, await c.Store.GetIdentityAsync(user, "okta", c.CancellationToken).ConfigureAwait(false),
            "the identity saved second (the first is replaced whole)");
    }

    private static async Task CommitAsync_Identities_AreSavedWithTheStepAndReplaceEarlierOnes(CheckContext c)
    {
        await c.Store.SaveIdentityAsync(new User { Username = "a@x.com" }, new UserIdentity { Service = "okta", UserId = "00u-old" }, c.CancellationToken)
            .ConfigureAwait(false);
        await c.CreateAsync(ContractSamples.Bare("r1")).ConfigureAwait(false);
        await c.OnRunAsync("r1", t => t with
        {
            Identities =
            [
                new SymIdentitySave(new User { Username = "A@X.com" }, new UserIdentity { Service = "OKTA", UserId = "00u-new" }),
                new SymIdentitySave(new User { Username = "b@x.com" }, new UserIdentity { Service = "aws_sso", UserId = "b-sso" }),
            ],
        }, "a step saving two identities").ConfigureAwait(false);

        Expect.Equal("00u-new", (await c.Store.GetIdentityAsync(new User { Username = "a@x.com" }, "okta", c.CancellationToken).ConfigureAwait(false))?.UserId,
            "a@x.com's okta identity after the step");
        Expect.Equal("b-sso", (await c.Store.GetIdentityAsync(new User { Username = "B@x.com" }, "AWS_SSO", c.CancellationToken).ConfigureAwait(false))?.UserId,
            "b@x.com's aws_sso identity after the step");
    }

    private static async Task GetIdentityAsync_EmptyService_Throws(CheckContext c) =>
        await Expect.ThrowsAsync<ArgumentException>(
            async () => await c.Store.GetIdentityAsync(new User { Username = "a@x.com" }, "", c.CancellationToken).ConfigureAwait(false),
            "reading an identity in the service \"\"").ConfigureAwait(false);
}
