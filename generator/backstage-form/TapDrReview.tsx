import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { useEffect, useMemo, type ReactElement } from 'react';
import { unitUsd, usd, type CostEstimate } from '../../skeleton/lib/config/cost-estimate';
import { verdict, type BudgetTotal, type RecoveryBudget } from '../../skeleton/lib/config/recovery-budget';
import { PRESETS } from '../answers/presets';
import { presetTitle, reviewAnswers, type AnswerSource, type Review, type ReviewedGroup } from './review';

/*
 * The review step of the "Create DR database" form: every effective answer with its source, the
 * recovery budget, the monthly cost and every problem, recomputed from the whole form's data each
 * time the step is shown. It stores a one-line summary as its value; its validation (extension.ts)
 * keeps the step from passing while a problem remains.
 */

function sourceWords(source: AnswerSource, review: Review): string {
  const preset = review.preset === undefined ? 'preset' : `${PRESETS[review.preset].title} preset`;
  switch (source) {
    case 'preset':
      return preset;
    case 'preset and entered':
      return `${preset} + entered`;
    case 'default':
      return 'schema default';
    default:
      return source;
  }
}

function Problems({ review }: { review: Review }): ReactElement {
  if (review.problems.length === 0) {
    return (
      <Box role="status" aria-label="Validation" mb={2} p={1.5} border={1} borderColor="success.main" borderRadius={4}>
        <Typography>
          <strong>Ready.</strong> The render action accepts these answers; Next goes on to the repository.
        </Typography>
      </Box>
    );
  }
  return (
    <Box role="alert" aria-label="Problems" mb={2} p={1.5} border={1} borderColor="error.main" borderRadius={4}>
      <Typography color="error">
        <strong>
          {review.problems.length} problem{review.problems.length === 1 ? '' : 's'}: the render action would reject these answers.
        </strong>{' '}
        Fix each in the step named (Back), then come here again.
      </Typography>
      <ul>
        {review.problems.map((p) => (
          <li key={`${p.field}:${p.reason}`}>
            <Typography variant="body2" component="span" style={{ whiteSpace: 'pre-wrap' }}>
              <strong>{p.step}</strong> — {p.message}
            </Typography>
          </li>
        ))}
      </ul>
    </Box>
  );
}

function AnswerGroup({ group, review }: { group: ReviewedGroup; review: Review }): ReactElement {
  return (
    <>
      <TableRow>
        <TableCell colSpan={3}>
          <Typography variant="subtitle1" component="h4">
            <strong>{group.step}</strong>
          </Typography>
        </TableCell>
      </TableRow>
      {group.answers.map((answer) => (
        <TableRow key={answer.key} data-answer={answer.key}>
          <TableCell>{answer.title}</TableCell>
          <TableCell>
            <Typography variant="body2" color={answer.hasProblem ? 'error' : answer.unusedBecause ? 'textSecondary' : 'textPrimary'}>
              {answer.shown}
              {answer.unusedBecause ? ` (not used: ${answer.unusedBecause})` : ''}
            </Typography>
          </TableCell>
          <TableCell>
            <Typography variant="body2" color="textSecondary">
              {sourceWords(answer.source, review)}
            </Typography>
          </TableCell>
        </TableRow>
      ))}
    </>
  );
}

function BudgetTable({ title, total }: { title: string; total: BudgetTotal }): ReactElement {
  return (
    <Table size="small" aria-label={title}>
      <TableHead>
        <TableRow>
          <TableCell>{title}</TableCell>
          <TableCell>term</TableCell>
          <TableCell align="right" style={{ whiteSpace: 'nowrap' }}>
            seconds
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {total.terms.map((term) => (
          <TableRow key={`${term.phase}:${term.term}`}>
            <TableCell>{term.phase}</TableCell>
            <TableCell>{term.term}</TableCell>
            <TableCell align="right">{term.counted ? term.seconds : `(${term.seconds})`}</TableCell>
          </TableRow>
        ))}
        <TableRow>
          <TableCell>
            <strong>total</strong>
          </TableCell>
          <TableCell>
            <Typography variant="body2" color={total.fits ? 'textPrimary' : 'error'}>
              <strong>{verdict(total)}</strong>
            </Typography>
          </TableCell>
          <TableCell align="right">
            <strong>{total.totalSeconds}</strong>
          </TableCell>
        </TableRow>
      </TableBody>
    </Table>
  );
}

function Budget({ budget }: { budget?: RecoveryBudget }): ReactElement {
  return (
    <section aria-label="Recovery budget">
      <Typography variant="h6">Recovery budget (worst case, seconds)</Typography>
      {budget ? (
        <>
          <BudgetTable title="RTO, primary region down (its RDS API does not answer)" total={budget.rto} />
          <BudgetTable title="RTO, primary database down while its region's API answers" total={budget.rtoRegionUp} />
          <BudgetTable title="RPO (worst case)" total={budget.rpo} />
          <Typography variant="caption" color="textSecondary">
            Seconds in parentheses are shown but not counted.
          </Typography>
        </>
      ) : (
        <Typography color="textSecondary">Shown once the engine, targets, lag alarm, failover mode and confirmation window are valid.</Typography>
      )}
    </section>
  );
}

function Cost({ cost }: { cost?: CostEstimate }): ReactElement {
  return (
    <section aria-label="Monthly cost">
      <Typography variant="h6">Estimated fixed monthly cost</Typography>
      {cost ? (
        <>
          <Typography variant="body2" color="textSecondary">
            {cost.priceRegion} on-demand list prices recorded on {cost.pricesRecordedOn}, not re-checked against the pricing pages;
            approximate, usage extra.
          </Typography>
          <Table size="small" aria-label="Cost estimate">
            <TableHead>
              <TableRow>
                <TableCell>item</TableCell>
                <TableCell align="right">quantity</TableCell>
                <TableCell>unit price</TableCell>
                <TableCell align="right">per month</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {cost.lines.map((line) => (
                <TableRow key={line.item}>
                  <TableCell>{line.item}</TableCell>
                  <TableCell align="right">{line.quantity}</TableCell>
                  <TableCell>
                    {unitUsd(line.unit.usd)} per {line.unit.per}
                  </TableCell>
                  <TableCell align="right">{usd(line.monthlyUsd)}</TableCell>
                </TableRow>
              ))}
              <TableRow>
                <TableCell colSpan={3}>
                  <strong>total</strong>
                </TableCell>
                <TableCell align="right">
                  <strong>{usd(cost.totalMonthlyUsd)}</strong>
                </TableCell>
              </TableRow>
            </TableBody>
          </Table>
        </>
      ) : (
        <Typography color="textSecondary">Shown once there is no problem left.</Typography>
      )}
    </section>
  );
}

/** The `TapDrReview` field: reads the whole form (the scaffolder passes it as `formContext.formData`). */
export function TapDrReview(props: FieldExtensionComponentProps<string>): ReactElement {
  const { onChange, formData, formContext, registry, idSchema } = props;
  const form = (formContext?.formData ?? registry?.formContext?.formData ?? {}) as Record<string, unknown>;
  const review = useMemo(() => reviewAnswers(form), [form]);
  useEffect(() => {
    if (formData !== review.summary) onChange(review.summary);
  }, [formData, onChange, review.summary]);
  return (
    <Box id={idSchema?.$id}>
      <Typography variant="h5" component="h3">
        What this form creates
      </Typography>
      <Typography variant="body2" color="textSecondary" paragraph>
        Starting from the {presetTitle(review.preset)}: every answer the repository gets and where it comes from, checked by the same code as the
        render action and <code>tap-dr new</code>.
      </Typography>
      <Problems review={review} />
      <section aria-label="Effective answers">
        <Typography variant="h6">Answers</Typography>
        <Table size="small" aria-label="Answers">
          <TableHead>
            <TableRow>
              <TableCell>answer</TableCell>
              <TableCell>value</TableCell>
              <TableCell>from</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {review.groups.map((group) => (
              <AnswerGroup key={group.step} group={group} review={review} />
            ))}
          </TableBody>
        </Table>
      </section>
      <Budget budget={review.budget} />
      <Cost cost={review.cost} />
    </Box>
  );
}
