using System.Collections.Concurrent;
using Contracts.Feedback;
using FeedbackService.Data;
using FeedbackService.Insights;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Feedback.Tests.Support;

/// <summary>
/// Publishes events onto the real bus and waits until the consumers that apply them to insight (the feedback-insight-...
/// queues, and feedback-referral-status-changed for status changes) have handled every delivery of them, redeliveries of one MessageId included; a fault fails the wait at once.
/// </summary>
public sealed class InsightDeliveries : IConsumeObserver, IDisposable
{
    private readonly FeedbackApi _api;
    private readonly ConnectHandle _handle;
    private readonly ConcurrentDictionary<Guid, int> _consumed = new();
    private readonly ConcurrentDictionary<Guid, int> _published = new();
    private readonly ConcurrentQueue<string> _faults = new();

    public InsightDeliveries(FeedbackApi api)
    {
        _api = api;
        _handle = api.Services.GetRequiredService<IBus>().ConnectConsumeObserver(this);
    }

    /// <summary>
    /// Publishes each event under its MessageId (the same id twice is a redelivery), in the order given. Feedback's own
    /// facts (attendance, outcome answers) reach insight where Feedback records them, not as messages: those are applied
    /// as the recording does (<see cref="InsightOwnFacts"/>), a repeat being the same fact recorded again.
    /// </summary>
    public async Task Publish(params (object Event, Guid MessageId)[] events)
    {
        foreach (var (message, messageId) in events)
        {
            if (message is AttendanceRecorded or OutcomeRecorded)
            {
                await RecordAsFeedbackDoes(message);
                continue;
            }
            _published.AddOrUpdate(messageId, 1, (_, n) => n + 1);
            await _api.Services.GetRequiredService<IBus>().Publish(message, message.GetType(), context => context.MessageId = messageId);
        }
    }

    private async Task RecordAsFeedbackDoes(object fact)
    {
        await using var scope = _api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDb>();
        switch (fact)
        {
            case AttendanceRecorded a:
                await InsightOwnFacts.SessionRecorded(db, a.ReferralId, a.ServiceId, a.SessionDate, a.Status, a.OccurredAt, CancellationToken.None);
                break;
            case OutcomeRecorded o:
                await InsightOwnFacts.OutcomeRecorded(db, o.ReferralId, o.Stage, o.Ons4Total, o.LonelinessScore, o.OccurredAt, CancellationToken.None);
                break;
        }
        await db.SaveChangesAsync();
    }

    public async Task AllHandled()
    {
        await Eventually.Until(() =>
        {
            if (!_faults.IsEmpty) throw new InvalidOperationException("An insight consumer faulted: " + string.Join("; ", _faults));
            return Task.FromResult(_published.All(p => _consumed.GetValueOrDefault(p.Key) >= p.Value));
        }, TimeSpan.FromSeconds(60), "insight to handle every delivery");
    }

    /// <summary>Every table, unsuppressed, for a period and ward.</summary>
    public async Task<IReadOnlyList<InsightTable>> Tables(DateOnly from, DateOnly to, string? ward)
    {
        await using var scope = _api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InsightMetrics>().TablesAsync(new InsightFilter(from, to, ward), CancellationToken.None);
    }

    /// <summary>The row labelled <paramref name="label"/> of a table, as column key to cell.</summary>
    public static Dictionary<string, object?> Row(IReadOnlyList<InsightTable> tables, string table, string label)
    {
        var t = tables.Single(x => x.Name == table);
        var row = t.Rows.SingleOrDefault(r => (string?)r[0] == label)
                  ?? throw new Xunit.Sdk.XunitException($"No row '{label}' in {table}: {string.Join(", ", t.Rows.Select(r => r[0]))}");
        return t.Columns.Select((c, i) => (c.Key, Cell: row[i])).ToDictionary(c => c.Key, c => c.Cell);
    }

    // Insight's own queues, and the status queue, whose consumer applies each status change to insight as well.
    private static bool IsInsightQueue(ConsumeContext context) =>
        context.ReceiveContext.InputAddress?.AbsolutePath is { } queue
        && (queue.Contains("feedback-insight-", StringComparison.Ordinal) || queue.EndsWith("/feedback-referral-status-changed", StringComparison.Ordinal));

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    // A batch consumer's messages are observed one by one too, once its batch has been handled.
    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (IsInsightQueue(context) && context.MessageId is { } id) _consumed.AddOrUpdate(id, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        if (IsInsightQueue(context)) _faults.Enqueue($"{typeof(T).Name}: {exception.Message}");
        return Task.CompletedTask;
    }

    public void Dispose() => _handle.Disconnect();
}
