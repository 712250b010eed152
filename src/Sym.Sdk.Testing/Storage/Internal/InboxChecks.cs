using Sym.Sdk.Runtime;
using static Sym.Sdk.Testing.Storage.Internal.ContractSamples;

namespace Sym.Sdk.Testing.Storage.Internal;

/// <summary>
/// The inbox: items added claimed by their receiver, refused when their id is known (until purged), taken over when a claim
/// lapses, completed only with their claim's token, and purged once processed long enough ago.
/// </summary>
internal static class InboxChecks
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public static IEnumerable<StoreCheck> All =>
    [
        StoreCheck.Of(TryAddInboxItemAsync_NewItem_IsStoredWholeAndClaimedByTheCaller),
        StoreCheck.Of(TryAddInboxItemAsync_DuplicateId_IsRefusedUntilPurged),
        StoreCheck.Of(TryAddInboxItemAsync_ConcurrentDuplicates_ExactlyOneIsAdded),
        StoreCheck.Of(ClaimInboxItemsAsync_MixedItems_TakesOnlyLapsedUnprocessedOnesOldestFirst),
        StoreCheck.Of(ClaimInboxItemsAsync_LapsedClaim_TakesANewTokenAndTheOldOneIsStale),
        StoreCheck.Of(ClaimInboxItemsAsync_ConcurrentClaimers_NeverGetTheSameItem),
        StoreCheck.Of(ClaimInboxItemsAsync_MaxCountNotPositive_Throws),
        StoreCheck.Of(CompleteInboxItemAsync_WithTheClaimsToken_MarksItProcessedForGood),
        StoreCheck.Of(PurgeInboxAsync_MixedItems_RemovesOnlyThoseProcessedBeforeTheCutOff),
    ];

    private static async Task<SymInboxItem> AddAsync(CheckContext c, SymInboxItem item, DateTimeOffset now, TimeSpan? lease = null) =>
        Expect.NotNull(await c.Store.TryAddInboxItemAsync(item, now, lease ?? Minute, c.CancellationToken).ConfigureAwait(false), $"adding inbox item {item.Id}");

    private static async Task TryAddInboxItemAsync_NewItem_IsStoredWholeAndClaimedByTheCaller(CheckContext c)
    {
        SymInboxItem item = InboxItem("i1", T0.AddTicks(-7));
        SymInboxItem added = await AddAsync(c, item with { Attempts = 5, ClaimToken = 99, ClaimedUntil = T0.AddDays(1), ProcessedAt = T0 }, T0).ConfigureAwait(false);
        Expect.True(added.ClaimToken != 0, "An added inbox item carries its receiver's claim token (not 0).");
        Expect.SameMembers(item with { Attempts = 1, ClaimToken = added.ClaimToken, ClaimedUntil = T0 + Minute, ProcessedAt = null }, added,
            "the added item (attempts 1, claimed until now + lease, unprocessed)");

        Expect.Empty(await c.ClaimInboxAsync(T0.AddSeconds(59)).ConfigureAwait(false), "items claimed while the receiver's claim holds");
        SymInboxItem retaken = Expect.Single(await c.ClaimInboxAsync(T0 + Minute).ConfigureAwait(false), "items claimed once the receiver's claim lapsed");
        Expect.SameMembers(item with { Attempts = 2, ClaimToken = retaken.ClaimToken, ClaimedUntil = T0 + Minute + Lease }, retaken, "the item taken over");
    }

    private static async Task TryAddInboxItemAsync_DuplicateId_IsRefusedUntilPurged(CheckContext c)
    {
        SymInboxItem added = await AddAsync(c, InboxItem("i1"), T0).ConfigureAwait(false);
        Expect.Null(await c.Store.TryAddInboxItemAsync(InboxItem("i1") with { Body = "another body" }, T0, Minute, c.CancellationToken).ConfigureAwait(false),
            "adding i1 again while it is unprocessed");
        await c.Store.CompleteInboxItemAsync(added, T0.AddSeconds(1), c.CancellationToken).ConfigureAwait(false);
        Expect.Null(await c.Store.TryAddInboxItemAsync(InboxItem("i1"), T0.AddMinutes(2), Minute, c.CancellationToken).ConfigureAwait(false),
            "adding i1 again after it was processed");
        Expect.Equal(1, await c.Store.PurgeInboxAsync(T0.AddMinutes(3), c.CancellationToken).ConfigureAwait(false), "items purged");
        await AddAsync(c, InboxItem("i1"), T0.AddMinutes(4)).ConfigureAwait(false);
    }

    private static async Task TryAddInboxItemAsync_ConcurrentDuplicates_ExactlyOneIsAdded(CheckContext c)
    {
        SymInboxItem?[] results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            await c.Store.TryAddInboxItemAsync(InboxItem("i1") with { Body = $"receiver {i}" }, T0, Minute, c.CancellationToken).ConfigureAwait(false))))
            .ConfigureAwait(false);
        Expect.Equal(1, results.Count(static r => r is not null), "receivers of the same delivery that added it, of 8 racing");
    }

    private static async Task ClaimInboxItemsAsync_MixedItems_TakesOnlyLapsedUnprocessedOnesOldestFirst(CheckContext c)
    {
        await AddAsync(c, InboxItem("i1", T0.AddSeconds(2)), T0).ConfigureAwait(false);
        await AddAsync(c, InboxItem("i2", T0.AddSeconds(1)), T0).ConfigureAwait(false);
        SymInboxItem i3 = await AddAsync(c, InboxItem("i3", T0), T0).ConfigureAwait(false);
        await AddAsync(c, InboxItem("i4", T0.AddSeconds(3)), T0.AddMinutes(10)).ConfigureAwait(false);
        await c.Store.CompleteInboxItemAsync(i3, T0.AddSeconds(5), c.CancellationToken).ConfigureAwait(false);

        Expect.Empty(await c.ClaimInboxAsync(T0.AddSeconds(30)).ConfigureAwait(false), "items claimed while every claim holds");
        Expect.Sequence(["i2"], (await c.ClaimInboxAsync(T0 + Minute, 1).ConfigureAwait(false)).Select(static i => i.Id),
            "one item claimed once the first claims lapsed (the oldest received)");
        Expect.Sequence(["i1"], (await c.ClaimInboxAsync(T0 + Minute, 10).ConfigureAwait(false)).Select(static i => i.Id),
            "items claimed next (i3 is processed, i4's claim holds)");
    }

    private static async Task ClaimInboxItemsAsync_LapsedClaim_TakesANewTokenAndTheOldOneIsStale(CheckContext c)
    {
        SymInboxItem added = await AddAsync(c, InboxItem("i1"), T0).ConfigureAwait(false);
        SymInboxItem retaken = Expect.Single(await c.ClaimInboxAsync(T0 + Minute, 10, Minute).ConfigureAwait(false), "items claimed once the receiver's claim lapsed");
        Expect.True(retaken.ClaimToken != added.ClaimToken && retaken.ClaimToken != 0, "An inbox item taken over carries a new claim token.");

        await c.Store.CompleteInboxItemAsync(added, T0.AddSeconds(61), c.CancellationToken).ConfigureAwait(false);
        SymInboxItem again = Expect.Single(await c.ClaimInboxAsync(T0.AddMinutes(2), 10, Minute).ConfigureAwait(false),
            "items claimed after the stale claim completed (it was not processed)");
        Expect.Equal(3, again.Attempts, "the item's attempts after three claims");
    }

    private static async Task ClaimInboxItemsAsync_ConcurrentClaimers_NeverGetTheSameItem(CheckContext c)
    {
        for (int i = 0; i < 40; i++)
        {
            await AddAsync(c, InboxItem($"i{i:00}", T0.AddSeconds(i)), T0).ConfigureAwait(false);
        }

        List<SymInboxItem>[] claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            var mine = new List<SymInboxItem>();
            for (int round = 0; round < 100; round++)
            {
                IReadOnlyList<SymInboxItem> batch = await c.ClaimInboxAsync(T0.AddMinutes(2), 3).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    break;
                }

                mine.AddRange(batch);
            }

            return mine;
        }))).ConfigureAwait(false);

        Expect.Sequence(Enumerable.Range(0, 40).Select(static i => $"i{i:00}"), claims.SelectMany(static b => b).Select(static i => i.Id).Order(StringComparer.Ordinal),
            "items claimed by six concurrent processors (each once)");
    }

    private static async Task ClaimInboxItemsAsync_MaxCountNotPositive_Throws(CheckContext c)
    {
        await AddAsync(c, InboxItem("i1"), T0).ConfigureAwait(false);
        foreach (int maxCount in new[] { 0, -1 })
        {
            await Expect.ThrowsAsync<ArgumentException>(async () => await c.ClaimInboxAsync(T0.AddHours(1), maxCount).ConfigureAwait(false),
                $"claiming at most {maxCount} inbox items").ConfigureAwait(false);
        }
    }

    private static async Task CompleteInboxItemAsync_WithTheClaimsToken_MarksItProcessedForGood(CheckContext c)
    {
        SymInboxItem added = await AddAsync(c, InboxItem("i1"), T0).ConfigureAwait(false);
        await c.Store.CompleteInboxItemAsync(added with { ClaimToken = added.ClaimToken + 1000 }, T0.AddSeconds(1), c.CancellationToken).ConfigureAwait(false);
        SymInboxItem retaken = Expect.Single(await c.ClaimInboxAsync(T0 + Minute).ConfigureAwait(false), "items claimed after a completion with a wrong token");

        await c.Store.CompleteInboxItemAsync(retaken, T0.AddMinutes(2), c.CancellationToken).ConfigureAwait(false);
        Expect.Empty(await c.ClaimInboxAsync(T0.AddDays(1)).ConfigureAwait(false), "items claimed after the item was processed");
        Expect.Equal(0, await c.Store.PurgeInboxAsync(T0.AddMinutes(2), c.CancellationToken).ConfigureAwait(false),
            "items purged processed before the instant it was processed");
        Expect.Equal(1, await c.Store.PurgeInboxAsync(T0.AddMinutes(2).AddTicks(1), c.CancellationToken).ConfigureAwait(false),
            "items purged processed before a tick after it was processed");
    }

    private static async Task PurgeInboxAsync_MixedItems_RemovesOnlyThoseProcessedBeforeTheCutOff(CheckContext c)
    {
        SymInboxItem p1 = await AddAsync(c, InboxItem("p1"), T0, TimeSpan.FromHours(1)).ConfigureAwait(false);
        SymInboxItem p2 = await AddAsync(c, InboxItem("p2"), T0, TimeSpan.FromHours(1)).ConfigureAwait(false);
        await AddAsync(c, InboxItem("u"), T0, TimeSpan.FromHours(1)).ConfigureAwait(false);
        await c.Store.CompleteInboxItemAsync(p1, T0.AddMinutes(1), c.CancellationToken).ConfigureAwait(false);
        await c.Store.CompleteInboxItemAsync(p2, T0.AddMinutes(5), c.CancellationToken).ConfigureAwait(false);

        Expect.Equal(1, await c.Store.PurgeInboxAsync(T0.AddMinutes(5), c.CancellationToken).ConfigureAwait(false), "items purged processed before minute 5");
        await AddAsync(c, InboxItem("p1"), T0.AddMinutes(6)).ConfigureAwait(false);
        Expect.Null(await c.Store.TryAddInboxItemAsync(InboxItem("p2"), T0.AddMinutes(6), Minute, c.CancellationToken).ConfigureAwait(false), "adding p2 again (not purged)");
        Expect.Null(await c.Store.TryAddInboxItemAsync(InboxItem("u"), T0.AddMinutes(6), Minute, c.CancellationToken).ConfigureAwait(false), "adding u again (unprocessed)");
        Expect.Equal(1, await c.Store.PurgeInboxAsync(T0.AddDays(1), c.CancellationToken).ConfigureAwait(false),
            "items purged a day later (p2; unprocessed items are never purged)");
        Expect.Null(await c.Store.TryAddInboxItemAsync(InboxItem("u"), T0.AddDays(1), Minute, c.CancellationToken).ConfigureAwait(false), "adding u after the purge");
    }
}
