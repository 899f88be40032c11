using BuildingBlocks.Hosting;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace BuildingBlocks.Messaging;

/// <summary>
/// Consuming a message about a referral puts the referral's id on every line logged while it is handled, in every
/// consumer of every service (<see cref="ReferralLogScope"/>). A batch names many referrals and gets no scope.
/// </summary>
public sealed class ReferralLogScopeFilter<TMessage>(ILogger<ReferralLogScope> logger) : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    public async Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        if (ServiceTelemetry.ReferralIdOf(context.Message) is not { } id)
        {
            await next.Send(context);
            return;
        }
        using (ReferralLogScope.Begin(logger, id)) await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("referralLogScope");
}
