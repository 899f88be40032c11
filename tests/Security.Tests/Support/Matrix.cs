namespace Security.Tests.Support;

/// <summary>
/// One row of an authorization matrix: an endpoint as the app enumerates it ("POST /api/referrals/{id:guid}/accept"),
/// the rule that decides who may call it, and how to build the request for a caller (fresh data where the call
/// changes it, so that one caller's success does not decide the next caller's answer). An endpoint may have more than
/// one row when the rule depends on the data (a published or a pending listing).
/// </summary>
public sealed record MatrixRow<TApi>(string Endpoint, Access Access, Func<TApi, Caller, Task<Request>> Arrange, string? Variant = null)
{
    public string Method => Endpoint[..Endpoint.IndexOf(' ')];
    public string Key => Variant is null ? Endpoint : $"{Endpoint} ({Variant})";
    public override string ToString() => Key;

    /// <summary>
    /// The caller the fuzzer sends as: one who gets through, preferring the data's owners; where nobody does (an
    /// operator's retry of a message that is not there), one the rule lets past sign-in and role, so the fuzz reaches
    /// the handler.
    /// </summary>
    public Caller Owner => Callers.Where(c => Access.For(c).IsSuccess)
        .Concat(Callers.Where(c => Access.For(c).Status is not (401 or 403))).First();

    private static IEnumerable<Caller> Callers => Preferred.Concat(Parties.Everyone);

    private static readonly Caller[] Preferred = [Caller.OwnOrgProvider, Caller.Referrer, Caller.Curator, Caller.Admin, Caller.Resident];
}

public static class Matrix
{
    /// <summary>Sends the row's request as every caller; returns each way an answer broke the rule (empty: all kept).</summary>
    public static async Task<IReadOnlyList<string>> CheckAsync<TApi>(TApi api, MatrixRow<TApi> row) where TApi : ISecurityApi
    {
        var failures = new List<string>();
        foreach (var caller in Parties.Everyone)
        {
            var expected = row.Access.For(caller);
            var request = await row.Arrange(api, caller);
            var before = await api.Fingerprint();
            using var http = api.ClientFor(caller);
            api.Errors.Drain();
            var (response, body) = await Request.Send(http, request.ToMessage(row.Method));
            using var _ = response;
            var status = (int)response.StatusCode;

            if (!expected.Matches(response.StatusCode))
                failures.Add($"{caller}: expected {expected}, got {status} " +
                             (status >= 500 ? string.Join(" | ", api.Errors.Drain()) : Request.Shorten(body, 200)));
            if (status is 401 or 403 or 404)
                failures.AddRange(Refusals.Problems(response, body, api.Secrets).Select(p => $"{caller}: {p}"));
            if (status >= 300 && StateFingerprint.Changed(before, await api.Fingerprint()) is { Count: > 0 } changed)
                failures.Add($"{caller}: answered {status} but changed {string.Join(", ", changed)}");
        }
        return failures;
    }

    /// <summary>Which enumerated endpoints have no row, and which rows name an endpoint the app does not serve.</summary>
    public static (IReadOnlyList<string> Missing, IReadOnlyList<string> Unknown) Coverage<TApi>(
        IEnumerable<ApiEndpoint> endpoints, IEnumerable<MatrixRow<TApi>> rows)
    {
        var served = endpoints.Select(e => e.Key).ToHashSet();
        var covered = rows.Select(r => r.Endpoint).ToHashSet();
        return (served.Except(covered).Order().ToList(), covered.Except(served).Order().ToList());
    }
}
