namespace Contracts.Referrals;

/// <summary>
/// The short reference people quote for a referral ("K7QM2-X9D4F"): in every message about it, on the portal's
/// referral pages and lists, and on the phone. Every service and the portal take it from here, so the one a provider
/// reads in an email is the one the referrer sees beside the referral.
/// </summary>
/// <remarks>
/// Referral ids are UUID version 7 (RFC 9562 §5.7): 48 bits of millisecond time, the version, 12 bits of rand_a, the
/// variant, 62 bits of rand_b. The start of the id is the clock, the same for every referral made within a minute or
/// so, so the reference is built from the end of rand_b only: rand_a (and the top of rand_b) may hold a sub-millisecond
/// clock or a counter instead of random bits (§6.2, methods 1 and 3; PostgreSQL's uuidv7 does this), so referrals made
/// in the same moment could share them. The last 50 bits are random in every v7 generator, and in a v4 or name-based
/// (v5) id as well, so any id gets a reference that tells it apart.
/// The 50 bits are written as 10 characters of Crockford's base 32 (digits and capitals without I, L, O and U, which
/// are misread or misheard), in two groups of five, to read out and type back.
/// </remarks>
public static class ReferralReference
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int Characters = 10;
    private const int GroupLength = 5;

    /// <summary>The reference of the referral <paramref name="referralId"/>: always the same for the same id.</summary>
    public static string For(Guid referralId)
    {
        Span<byte> bytes = stackalloc byte[16];
        referralId.TryWriteBytes(bytes, bigEndian: true, out _);
        // The low 56 bits of rand_b (bytes 9 to 15), of which the last 50 are used.
        ulong random = 0;
        for (var i = 9; i < 16; i++) random = (random << 8) | bytes[i];

        Span<char> text = stackalloc char[Characters + 1];
        for (var i = Characters - 1; i >= 0; i--)
        {
            text[i < GroupLength ? i : i + 1] = Alphabet[(int)(random & 31)];
            random >>= 5;
        }
        text[GroupLength] = '-';
        return new string(text);
    }
}
