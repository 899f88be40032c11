using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FeedbackService.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddInsightReadModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "insight_activities",
                columns: table => new
                {
                    service_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    wards = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    categories = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    accepting_referrals = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    removed = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_insight_activities", x => x.service_id);
                });

            migrationBuilder.CreateTable(
                name: "insight_outcomes",
                columns: table => new
                {
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    stage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ons4total = table.Column<int>(type: "integer", nullable: true),
                    loneliness_total = table.Column<int>(type: "integer", nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_insight_outcomes", x => new { x.referral_id, x.stage });
                });

            migrationBuilder.CreateTable(
                name: "insight_referrals",
                columns: table => new
                {
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    service_id = table.Column<Guid>(type: "uuid", nullable: false),
                    team = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    rejected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    entered_in_error = table.Column<bool>(type: "boolean", nullable: false),
                    sent = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_insight_referrals", x => x.referral_id);
                });

            migrationBuilder.CreateTable(
                name: "insight_searches",
                columns: table => new
                {
                    search_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ward = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    categories = table.Column<string>(type: "character varying(2100)", maxLength: 2100, nullable: false),
                    result_count = table.Column<int>(type: "integer", nullable: false),
                    miss = table.Column<bool>(type: "boolean", nullable: false),
                    any_word_fallback = table.Column<bool>(type: "boolean", nullable: false),
                    unmatched_words = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_insight_searches", x => x.search_id);
                });

            migrationBuilder.CreateTable(
                name: "insight_sessions",
                columns: table => new
                {
                    referral_id = table.Column<Guid>(type: "uuid", nullable: false),
                    session_date = table.Column<DateOnly>(type: "date", nullable: false),
                    service_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_insight_sessions", x => new { x.referral_id, x.session_date });
                });

            migrationBuilder.CreateIndex(
                name: "ix_insight_referrals_first_seen_at",
                table: "insight_referrals",
                column: "first_seen_at");

            migrationBuilder.CreateIndex(
                name: "ix_insight_referrals_requested_at",
                table: "insight_referrals",
                column: "requested_at");

            migrationBuilder.CreateIndex(
                name: "ix_insight_searches_at",
                table: "insight_searches",
                column: "at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "insight_activities");

            migrationBuilder.DropTable(
                name: "insight_outcomes");

            migrationBuilder.DropTable(
                name: "insight_referrals");

            migrationBuilder.DropTable(
                name: "insight_searches");

            migrationBuilder.DropTable(
                name: "insight_sessions");
        }
    }
}
