using System.Diagnostics;
using BuildingBlocks.Hosting;
using MassTransit;

namespace BuildingBlocks.Messaging;

/// <summary>
/// A batch is one consume for many messages, each sent from its own trace. So that a referral's journey stays one
/// trace through a batched queue, each message gets a span in its sender's trace (the <c>Diagnostic-Id</c> header
/// MassTransit sends), tagged with its referral and linked to the batch's span, open while the batch is applied.
/// </summary>
internal static class BatchTracing
{
    private const string DiagnosticId = "Diagnostic-Id";

    public static Spans Start<TMessage>(IEnumerable<ConsumeContext<TMessage>> messages) where TMessage : class
    {
        var batch = Activity.Current;
        ActivityLink[]? links = batch is null ? null : [new ActivityLink(batch.Context)];
        var spans = new List<Activity>();
        foreach (var message in messages)
        {
            var parent = message.Headers.Get<string>(DiagnosticId) is { } id && ActivityContext.TryParse(id, null, out var sender)
                ? sender : batch?.Context ?? default;
            if (ServiceTelemetry.Source.StartActivity($"consume {typeof(TMessage).Name}", ActivityKind.Consumer, parent, links: links) is { } span)
            {
                span.TagReferral(message.Message);
                spans.Add(span);
            }
            Activity.Current = batch; // starting a span made it current; the batch's work goes on under the batch's span
        }
        return new Spans(spans);
    }

    public sealed class Spans(List<Activity> spans) : IDisposable
    {
        public void Dispose()
        {
            foreach (var span in spans) span.Dispose();
        }
    }
}
