using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FeedbackService.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddInsightBackfill : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "insight_backfill_batches",
                columns: table => new
                {
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    batch = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_insight_backfill_batches", x => new { x.request_id, x.source, x.batch });
                });

            migrationBuilder.CreateTable(
                name: "insight_backfill_runs",
                columns: table => new
                {
                    request_id = table.Column<Guid>(type: "uuid", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_asked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    asks = table.Column<int>(type: "integer", nullable: false),
                    feedback_done_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    directory_done_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    referrals_done_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_insight_backfill_runs", x => x.request_id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "insight_backfill_batches");

            migrationBuilder.DropTable(
                name: "insight_backfill_runs");
        }
    }
}
