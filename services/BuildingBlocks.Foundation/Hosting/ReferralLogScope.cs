using System.Collections;
using Microsoft.Extensions.Logging;

namespace BuildingBlocks.Hosting;

/// <summary>
/// The logging scope of work about one referral: every line logged inside it carries <c>ReferralId</c> (the JSON
/// console formatter writes it as a field), so an operator finds all of a referral's log lines by its id. The id only,
/// never the person's details.
/// </summary>
public sealed class ReferralLogScope(Guid referralId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string Field = "ReferralId";

    private readonly KeyValuePair<string, object?> _field = new(Field, referralId);

    public static IDisposable? Begin(ILogger logger, Guid referralId) => logger.BeginScope(new ReferralLogScope(referralId));

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? _field : throw new ArgumentOutOfRangeException(nameof(index));

    public int Count => 1;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() { yield return _field; }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{Field}:{_field.Value}";
}
