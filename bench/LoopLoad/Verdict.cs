using System.Text;
using Npgsql;
using RabbitMQ.Client;

namespace LoopLoad;

/// <summary>
/// The final state after a run, read from the services' own databases and the broker, checked against what the loop
/// must leave behind for every referral: in progress in Referrals and in Feedback; one referral per referrer (a retried
/// create made no second one); one attendance; and each message the loop causes, once, delivered: to the referrer
/// in-app "requested", "accepted", "in-progress" and "attended"; to the provider's inbox the follow-up prompt (held for
/// weeks, so still pending) and "new referral" (which Feedback leaves out by design when "requested" is consumed after
/// "accepted": then it is no longer news; counted separately). No other message, no second copy of any, no outbox row
/// unsent, no queue with a message left, nothing in an error queue.
/// </summary>
public sealed class Verdict
{
    public static readonly string[] ToReferrer = ["referral-requested", "referral-accepted", "referral-in-progress", LoopClient.AttendedTemplate];
    public const string NewForProvider = "referral-new";
    public const string FollowUpForProvider = "outcomes-follow-up-due";

    public List<string> Problems { get; } = [];
    public int Referrals { get; private set; }
    public int Told { get; private set; }
    public int Created { get; private set; }
    public int InProgressInReferrals { get; private set; }
    public int InProgressInFeedback { get; private set; }
    public int AttendanceRows { get; private set; }
    public int ExpectedMessages { get; private set; }
    /// <summary>Required messages found exactly once and in their final state (sent; the follow-up prompt pending).</summary>
    public int FinalOnce { get; private set; }
    public int Duplicates { get; private set; }
    public int Missing { get; private set; }
    public int NotDelivered { get; private set; }
    public int Unexpected { get; private set; }
    public int NewReferralMessages { get; private set; }
    public long UnsentOutbox { get; private set; }
    public long LeftInQueues { get; private set; }
    public long InErrorQueues { get; private set; }
    public int ClientRetries { get; private set; }

    public bool Passed => Problems.Count == 0;

    public static async Task<Verdict> Check(ILoopSystem system, LoopClient client, IReadOnlyList<Trace> traces)
    {
        var verdict = new Verdict { Referrals = traces.Count, Told = traces.Count(t => t.WasTold), ClientRetries = traces.Sum(t => t.Retries) };
        foreach (var lost in traces.Where(t => !t.WasTold).Take(10)) verdict.Problems.Add($"referral {lost.Number} was not told: {lost.Outcome}");
        if (verdict.Told < traces.Count) verdict.Problems.Add($"{traces.Count - verdict.Told} of {traces.Count} referrals were never told 'attended'");

        var referrerOf = traces.ToDictionary(t => t.ReferrerId, t => t);
        var referrals = await Rows(system, "Referrals",
            "SELECT id, referrer_id, status FROM referrals WHERE referrer_id LIKE @prefix", ("prefix", $"lb-{client.RunId}-%"));
        verdict.Created = referrals.Count;
        foreach (var group in referrals.GroupBy(r => (string)r[1]).Where(g => g.Count() > 1))
            verdict.Problems.Add($"referrer {group.Key} has {group.Count()} referrals: a retried create made a second one");
        foreach (var missing in referrerOf.Keys.Except(referrals.Select(r => (string)r[1])).Take(10))
            verdict.Problems.Add($"referrer {missing} has no referral in Referrals");
        verdict.InProgressInReferrals = referrals.Count(r => (string)r[2] == "InProgress");
        foreach (var r in referrals.Where(r => (string)r[2] != "InProgress").Take(10))
            verdict.Problems.Add($"referral {r[0]} is {r[2]} in Referrals, not InProgress");

        var ids = referrals.Select(r => (Guid)r[0]).ToArray();
        var readModel = await Rows(system, "Feedback", "SELECT id, status FROM referrals WHERE id = ANY(@ids)", ("ids", ids));
        verdict.InProgressInFeedback = readModel.Count(r => (string)r[1] == "in-progress");
        foreach (var id in ids.Except(readModel.Where(r => (string)r[1] == "in-progress").Select(r => (Guid)r[0])).Take(10))
            verdict.Problems.Add($"referral {id} is {readModel.FirstOrDefault(r => (Guid)r[0] == id)?[1] ?? "unknown"} in Feedback, not in-progress");

        var attendance = await Rows(system, "Feedback", "SELECT referral_id, count(*) FROM attendance WHERE referral_id = ANY(@ids) GROUP BY referral_id", ("ids", ids));
        verdict.AttendanceRows = attendance.Sum(r => (int)(long)r[1]);
        foreach (var r in attendance.Where(r => (long)r[1] != 1)) verdict.Problems.Add($"referral {r[0]} has {r[1]} attendance rows");

        await verdict.CheckNotifications(system, client, referrals.Select(r => ((Guid)r[0], (string)r[1])).ToList());
        await verdict.CheckOutboxesAndQueues(system);
        return verdict;
    }

    private async Task CheckNotifications(ILoopSystem system, LoopClient client, List<(Guid Id, string Referrer)> referrals)
    {
        var rows = await Rows(system, "Feedback",
            "SELECT referral_id, recipient, template, channel, status, count(*) FROM notifications WHERE referral_id = ANY(@ids) " +
            "GROUP BY referral_id, recipient, template, channel, status", ("ids", referrals.Select(r => r.Id).ToArray()));
        var found = rows.GroupBy(r => ((Guid)r[0], (string)r[1], (string)r[2], (string)r[3]))
            .ToDictionary(g => g.Key, g => g.Select(r => ((string)r[4], (int)(long)r[5])).ToList());
        var organisation = $"org:{client.OrganisationId}";
        var expected = new HashSet<(Guid, string, string, string)>();
        foreach (var (id, referrer) in referrals)
        {
            foreach (var template in ToReferrer) expected.Add((id, referrer, template, "in-app"));
            expected.Add((id, organisation, FollowUpForProvider, "in-app"));
            if (found.ContainsKey((id, organisation, NewForProvider, "in-app"))) expected.Add((id, organisation, NewForProvider, "in-app"));
        }
        ExpectedMessages = referrals.Count * (ToReferrer.Length + 1);
        NewReferralMessages = found.Keys.Count(k => k.Item3 == NewForProvider);
        foreach (var key in expected)
        {
            if (!found.TryGetValue(key, out var copies)) { Missing++; Note($"missing: {key.Item3} to {key.Item2} for {key.Item1}"); continue; }
            var count = copies.Sum(c => c.Item2);
            if (count > 1) { Duplicates += count - 1; Note($"{count} copies of {key.Item3} to {key.Item2} for {key.Item1}"); }
            var wanted = key.Item3 == FollowUpForProvider ? "pending" : "sent";
            if (copies.Any(c => c.Item1 != wanted)) { NotDelivered++; Note($"{key.Item3} for {key.Item1} is {string.Join('/', copies.Select(c => c.Item1))}, not {wanted}"); }
            else if (count == 1 && key.Item3 != NewForProvider) FinalOnce++;
        }
        foreach (var key in found.Keys.Where(k => !expected.Contains(k)))
        {
            Unexpected++;
            Note($"unexpected message {key.Item3} to {key.Item2} ({key.Item4}) for {key.Item1}");
        }
        if (Missing > 0) Problems.Add($"{Missing} messages missing");
        if (Duplicates > 0) Problems.Add($"{Duplicates} duplicate messages");
        if (NotDelivered > 0) Problems.Add($"{NotDelivered} messages not in their final state (sent; the follow-up prompt pending)");
        if (Unexpected > 0) Problems.Add($"{Unexpected} unexpected messages");
    }

    private readonly List<string> _details = [];
    private void Note(string detail) { if (_details.Count < 20) _details.Add(detail); }

    private async Task CheckOutboxesAndQueues(ILoopSystem system)
    {
        foreach (var service in ILoopSystem.Services)
        {
            var unsent = (long)(await Rows(system, service, "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL"))[0][0];
            UnsentOutbox += unsent;
            if (unsent > 0) Problems.Add($"{service} has {unsent} outbox rows unsent");
        }
        foreach (var (queue, messages) in await SettledQueues(system.Rabbit))
        {
            if (messages == 0) continue;
            if (queue.EndsWith("_error", StringComparison.Ordinal))
            {
                InErrorQueues += messages;
                Problems.Add($"{queue} holds {messages} messages: {string.Join("; ", await Faults(system.Rabbit, queue))}");
            }
            else
            {
                LeftInQueues += messages;
                Problems.Add($"{queue} still holds {messages} messages");
            }
        }
    }

    /// <summary>
    /// The queues once the messages still on their way have been consumed (up to 30 s): the drain's last sample counts
    /// ready messages only, so one a consumer had taken and not yet acknowledged (or a late event's copy for a slower
    /// queue) can be back as ready at the moment of checking. A consumer that no longer consumes leaves its queue full.
    /// </summary>
    private static async Task<List<(string Queue, long Messages)>> SettledQueues(RabbitNode node)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var queues = await node.ListQueues();
            if (DateTime.UtcNow >= until || queues.All(q => q.Messages == 0 || q.Queue.EndsWith("_error", StringComparison.Ordinal)))
                return queues;
            await Task.Delay(1000);
        }
    }

    /// <summary>Why MassTransit moved messages to an error queue (its fault headers), read without taking them off.</summary>
    private static async Task<List<string>> Faults(RabbitNode node, string queue)
    {
        var factory = new ConnectionFactory { HostName = node.Host, Port = node.Port, VirtualHost = node.VirtualHost, UserName = "guest", Password = "guest" };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var reasons = new List<string>();
        for (var i = 0; i < 5 && await channel.BasicGetAsync(queue, autoAck: false) is { } message; i++)
        {
            string Header(string name) => message.BasicProperties.Headers?.TryGetValue(name, out var v) == true && v is byte[] b ? Encoding.UTF8.GetString(b) : "?";
            var text = Header("MT-Fault-Message");
            reasons.Add($"{Header("MT-Fault-ExceptionType")}: {(text.Length > 200 ? text[..200] : text)}");
        }
        return reasons; // closing the channel without acknowledging puts them back
    }

    private static async Task<List<object[]>> Rows(ILoopSystem system, string service, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(system.Database(service));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    public string Markdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"**{(Passed ? "Passed" : "Failed")}.**");
        sb.AppendLine();
        sb.AppendLine("| check | count |");
        sb.AppendLine("|---|---|");
        sb.AppendLine($"| referrals started / created in Referrals (one per referrer) / referrer told \"attended\" | {Referrals:N0} / {Created:N0} / {Told:N0} |");
        sb.AppendLine($"| in progress in Referrals / in Feedback | {InProgressInReferrals:N0} / {InProgressInFeedback:N0} |");
        sb.AppendLine($"| attendance rows (one per referral) | {AttendanceRows:N0} |");
        sb.AppendLine($"| messages required (4 to the referrer, sent; the provider's follow-up prompt, pending; per referral) / found exactly once in that state | {ExpectedMessages:N0} / {FinalOnce:N0} |");
        sb.AppendLine($"| duplicates / missing / not in final state / unexpected | {Duplicates} / {Missing} / {NotDelivered} / {Unexpected} |");
        sb.AppendLine($"| \"new referral\" to the provider, sent once (none when \"requested\" was consumed after \"accepted\", by design) | {NewReferralMessages:N0} |");
        sb.AppendLine($"| outbox rows unsent / messages left in queues / in error queues | {UnsentOutbox} / {LeftInQueues} / {InErrorQueues} |");
        sb.AppendLine($"| calls the clients retried (dropped connection, timeout or 5xx during a fault) | {ClientRetries:N0} |");
        if (Problems.Count > 0)
        {
            sb.AppendLine();
            foreach (var problem in Problems.Take(30)) sb.AppendLine($"- {problem}");
        }
        if (_details.Count > 0)
        {
            sb.AppendLine();
            foreach (var detail in _details) sb.AppendLine($"- {detail}");
        }
        return sb.ToString();
    }
}
