using System.Collections.Concurrent;
using Contracts.Referrals;
using MassTransit;

namespace Feedback.Tests.Support;

/// <summary>
/// How often each ReferralStatusChanged was consumed by the notifying consumer, by MessageId. Its queue only: insight
/// consumes the same events on its own queue.
/// </summary>
public sealed class StatusConsumes : IConsumeObserver
{
    private readonly ConcurrentDictionary<Guid, int> _consumed = new();

    public int Of(Guid messageId) => _consumed.GetValueOrDefault(messageId);

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.Message is ReferralStatusChanged && context.MessageId is { } id
            && context.ReceiveContext.InputAddress?.AbsolutePath.EndsWith("/feedback-referral-status-changed", StringComparison.Ordinal) == true)
            _consumed.AddOrUpdate(id, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
