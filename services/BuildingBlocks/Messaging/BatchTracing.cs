using System.Diagnostics;
using BuildingBlocks.Hosting;
using MassTransit;

namespace BuildingBlocks.Messaging;

/// <summary>
/// A batch is one consume for many messages, each sent from its own trace. So that a referral's journey stays one
/// trace through a batched queue, each message is marked in its sender's trace (the <c>Diagnostic-Id</c> header
/// MassTransit sends) by a span tagged with its referral and linked to the batch's span. The spans end at once: the
/// batch's own span times the work, and nothing is left open (or current) across the batch's awaits.
/// </summary>
internal static class BatchTracing
{
    private const string DiagnosticId = "Diagnostic-Id";

    public static void MarkEach<TMessage>(IEnumerable<ConsumeContext<TMessage>> messages) where TMessage : class
    {
        var batch = Activity.Current;
        if (batch is null || !ServiceTelemetry.Source.HasListeners()) return;
        ActivityLink[] links = [new ActivityLink(batch.Context)];
        foreach (var message in messages)
        {
            var parent = message.Headers.Get<string>(DiagnosticId) is { } id && ActivityContext.TryParse(id, null, out var sender)
                ? sender : batch.Context;
            using var span = ServiceTelemetry.Source.StartActivity($"consume {typeof(TMessage).Name}", ActivityKind.Consumer, parent, links: links);
            span.TagReferral(message.Message);
        }
    }
}
