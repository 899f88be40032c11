using System.Diagnostics;
using System.Diagnostics.Metrics;
using BuildingBlocks.Hosting;
using Contracts.Referrals;

namespace ReferralsService.Features.Transitions;

/// <summary>Referral transitions by the status reached, counted once committed (<c>referrals.transitions</c> on /metrics).</summary>
public static class ReferralMetrics
{
    private static readonly Counter<long> Transitions = ServiceTelemetry.Meter.CreateCounter<long>(
        "referrals.transitions", "{transition}", "Referral status changes committed, by the status reached.");

    /// <summary>Call after the save that committed <paramref name="events"/>; tags the request's span with the referral.</summary>
    public static void Committed(IEnumerable<object> events)
    {
        foreach (var changed in events.OfType<ReferralStatusChanged>())
        {
            Transitions.Add(1, new KeyValuePair<string, object?>("status", changed.ToStatus));
            Activity.Current.TagReferral(changed);
        }
    }
}
