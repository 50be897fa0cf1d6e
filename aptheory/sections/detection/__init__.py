"""Section 5 in miniature: which loss detects best when foreground is rare?

The supplement's Table 1 / Figure 1 train SSD512 on PASCAL VOC with four classification
losses and report detection AP over IoU 0.50:0.05:0.95, AP50 and AP75. This package asks the
same question on a synthetic, seeded, dense-detection task that runs on a CPU in a minute or
two: a linear scorer and a linear box regressor per loss, SSD's decoding and per-class NMS,
and the COCO evaluator (pycocotools) on the boxes; ranking AP of anchors is kept as a second
view. Everything below (the task, its difficulty, the scorer, the optimiser, the budget) was
fixed and written down before any loss was compared; nothing was tuned toward a result.

The task (:class:`~.config.TaskConfig`)
---------------------------------------
* An *image* is a ``size x size`` grid with ``channels`` feature channels (think of the output
  of a frozen backbone). Each class c has a prototype ``mu_c``, a random unit vector of
  R^channels drawn from the seed.
* Background = a smooth random field (Gaussian noise on a ``background_cell``-pixel grid,
  blown up to blocks, amplitude ``background_noise``) + white pixel noise (``pixel_noise``).
* *Objects* (``objects`` per image, uniform classes) are rectangles painted with
  ``mu_c + object_noise * eps / sqrt(channels)`` (one eps per object) plus pixel noise; they
  occlude what is under them. Their boxes are random anchor boxes whose every edge is moved by
  ``a * u * side`` (``a ~ U(0, jitter)`` per object, ``u ~ U(-1, 1)`` per edge, rounded to
  pixels): the best anchor of an object then has IoU between about 0.55 and 1 (median about
  0.8), which gives every IoU threshold 0.50:0.05:0.95 positives (few at 0.9 and 0.95) and
  leaves the box regressor something to correct.
* *Distractors* (``distractors`` per image, painted first, so objects occlude them) are boxes
  of the same kind painted with the mix ``(mu_a + mu_b) / 2`` of two different classes (plus
  colour and pixel noise): hard negatives far from objects. The background field makes
  object-sized bright blobs too (see the figure ``detection_task``). Hard negatives near
  objects come from the anchors that overlap an object partly (IoU < 0.4).
* *Anchors*: at every cell of the grids of strides ``strides``, boxes of side
  ``base * scale`` for each ``scale`` and aspect ratio ``ratio`` (w/h), clipped to the image.
* *Labels* (SSD / RetinaNet rule): an anchor's IoU with its best-matching object decides it,
  positive of that object's class if IoU >= 0.5, background if IoU < 0.4, ignored in between;
  then each object's best anchor is made positive for that object regardless of its IoU.
* *Features* of an anchor (d = 3 x channels + number of anchor shapes), pooled with an integral
  image: the mean of the channels over the anchor box, over its central half-size box, and
  over the ring between the box and the box doubled in size (context), plus a one-hot code of
  the anchor's shape. The evidence is real (an anchor on an object sees ``mu_c`` inside and
  background around it; a misplaced one sees part of the object in the ring or background
  inside) and noisy (pixel noise, background field, object colour noise, distractors).
  Features are standardised with the training set's mean and standard deviation.
* *Box features* of an anchor (6 x channels, for the box regressor only): the differences
  right - left and bottom - top of the means over the box's halves and over the strips of half
  its size just outside it, and the sums left + right and top + bottom of those strips. They
  say on which side an object lies, which the symmetric classification features cannot (a
  linear regressor on those alone leaves the mean IoU of the test positives' boxes at 0.59).
  They were chosen by box quality alone: the mean IoU with their object of the regressed boxes
  of seed 0's test anchors of IoU >= 0.5 (0.59 -> 0.64 for a ridge least-squares fit per
  class; 0.59 with the classification features only). Standardised with the training
  positives' statistics. The box head's Adam step ``box_learning_rate = 0.003`` (the scorer's
  0.01 gave boxes no better than the anchors, 0.59 -> 0.59) was chosen among 0.01, 0.003 and
  0.001 by the same number on seeds 0 and 1 (0.64 and 0.62 with 0.003). Detection AP played no
  part in either choice (a first run with the step 0.01 had shown it, for every loss alike).

The detector and training (:class:`~.config.TrainConfig`, :mod:`~.training`)
----------------------------------------------------------------------------
One linear scorer ``s[a, c] = f_a . W[:, c] + b_c`` (the supplement's linear model
``s_k = <f_k, theta>`` with block features for the box k = (anchor a, class c)), initialised
with ``W ~ N(0, 0.01^2)`` and the RetinaNet prior ``b_c = -log(99)``, and beside it a linear
box regressor per class, ``t[a, c] = (f_a, g_a) . V[:, 4c:4c+4] + u``, SSD's box code of
the matched object as target (centre offsets / 0.1, log sizes / 0.2), smooth L1 over the
positive anchors, the same box loss for every classification loss, as in the supplement.
Both are trained together by Adam (``learning_rate``, betas 0.9/0.999) for ``iterations``
minibatches of ``batch_size`` images, the same optimiser, initialisation, minibatch sequence
and budget for every loss (the features are frozen and the heads share nothing, so the box
regressor ends the same for every loss of a seed):

* ``ce-ohem``: softmax cross-entropy with a background logit fixed at 0, OHEM 3:1 per image;
* ``focal-g1``: focal loss gamma = 1, alpha = 0.25 (the supplement's choice for SSD);
* ``focal-g2``: focal loss gamma = 2, alpha = 0.25 (RetinaNet's original setting);
* ``auc``: pairwise AUC-loss with H~ (delta = 1) and the error-driven update;
* ``ap``: AP-loss, error-driven update, one ranking over all anchors and classes of the
  minibatch (ignored anchors left out), H~ with delta = 1, interpolated AP, through the exact
  O(n log n) :func:`aptheory.fastap.ap_loss_grad`;
* ``ap-image`` (``--ranking image`` or ``both``): the same AP-loss ranked within each image
  and averaged over the images of the minibatch;
* a user's loss (``--loss MODULE:FUNCTION``, :mod:`~.userloss`): FUNCTION(scores, positive)
  -> (loss, grad) over the valid (anchor, class) pairs of the minibatch, like ``ap``.

What is measured (:mod:`~.evaluation`): two views
--------------------------------------------------
*Detection AP* (the supplement's metric): on held-out images, per image and class the 100
best-scored anchors (softmax probability for CE, the raw score otherwise; sigmoid is monotone)
are decoded into boxes by the box regressor, greedy NMS at IoU 0.45 runs per class (SSD's
test setting) and the 100 best detections of the image are kept (COCO's maxDets). The
detections of all test images are scored by pycocotools' ``COCOeval`` (bbox, area "all"):
AP over IoU 0.50:0.05:0.95 with 101-point interpolated precision, AP50, AP75, as fractions.
A duplicate detection, a box that misses the threshold and an object nobody finds all cost.

*Ranking AP* of anchors (:func:`~.evaluation.ranking_ap`, the second view): for each class c
and IoU threshold t, the (anchor, class c) pairs of all test images are pooled and ranked by
the model's score for class c; a pair is positive iff the anchor's IoU with some object of
class c is >= t, every other pair (no ignore band) is negative. Its non-interpolated average
precision (sklearn's definition) is averaged over the classes that have a positive at t.
AP50, AP75 and AP (mean over t) follow. It sees neither boxes nor NMS: every well-placed
anchor of an object counts as a hit, and an object whose anchors all miss t costs nothing. A
threshold at which no test anchor of any class is positive has no ranking AP:
:func:`~.training.train` evaluates only the thresholds with a test positive, records them in
:attr:`TrainingRun.thresholds` and the table says which were left out (none in the shipped
configurations).

Imbalance (measured by :attr:`~.data.Dataset.imbalance`, printed in the header of the table): the
default task has 4536 anchors per image; on the 48 training images of seed 0 of the quick
configuration (the same task) there are 1:1653 positive:negative (anchor, class) pairs, the
ranking the losses see, and per *anchor* 1:330 positive:background anchors (13.6 positive
anchors per image). ``tests/sections/detection/test_detection_data.py`` recomputes these
four numbers from this text.

The AUC-loss is not defined in the supplement; we read the main paper's comparison as the
pairwise 1 - AUC trained in the same framework as AP-loss (H~, error-driven update), see
:func:`aptheory.sections.detection.losses.auc_loss`.

Record. Before any loss was trained, the image size, number of classes, anchor sizes and the
jitter were set from task statistics alone (pair imbalance >= 1:1000, test positives at every
IoU threshold). The configuration (``DEFAULT``, ``QUICK``) was then written down and run once.
Later changes were for speed only (row-blocked BLAS products, float32 standardisation,
skipping negatives below min(positive) - delta in the AUC update, a cheaper softmax and focal
loss, a partial sort for OHEM's selection), for the wording of the verdict, and once for
portability: the scorer's products went from float32 to float64, because in float32 the BLAS
kernel that the CPU selects changed OHEM's choices and with them a CE+OHEM run (the table
stayed the same to its last digit; the figure's curves moved by less than a pixel). The detection
view added the box regressor, its box features (chosen as said above, by box quality alone),
SSD's post-processing with SSD's and COCO's settings and the COCO evaluator; the task, its
difficulty and the budget stayed as they were. The README's table is the output of
``aptheory detection --ranking both`` (default configuration, seeds 0..4).

Where each piece lives
----------------------
| what (equation) | module | functions |
|---|---|---|
| the task, the budget, the losses | ``config`` | ``TaskConfig``, ``TrainConfig``, ``Config`` |
| the two configurations, Table 1 | ``config`` | ``DEFAULT``, ``QUICK``, ``SUPPLEMENT_TABLE1`` |
| IoU, anchors, anchor labels | ``geometry`` | ``iou_matrix``, ``make_anchors``, ``match_anchors`` |
| box code, per-class NMS | ``geometry`` | ``encode_boxes``, ``decode_boxes``, ``batched_nms`` |
| images, features, a seed's data | ``data`` | ``make_dataset``, ``Dataset``, ``BoxTargets`` |
| CE + OHEM, focal loss | ``losses`` | ``ohem_cross_entropy``, ``focal_loss`` |
| AUC-loss (H~, Q of eq. 18) | ``losses`` | ``auc_loss``, ``auc_surrogate`` |
| AP-loss, eq. (17), batch / per image | ``training`` | ``training_loss("ap")``, ``("ap-image")`` |
| scorer s_k = <f_k, theta>, box head | ``training`` | ``train``, ``TrainingRun``, ``smooth_l1`` |
| a user's loss, ``--loss`` | ``userloss`` | ``load_user_loss``, ``UserLoss`` |
| detection AP (NMS, COCOeval) | ``evaluation`` | ``detect_image``, ``coco_detection_ap`` |
| ranking AP = 1 - eq. (17), H(0) = 1 | ``evaluation`` | ``ranking_ap``, ``average_precision`` |
| the Table 1 analogue, the verdicts | ``comparison`` | ``run_comparison``, ``seed_orderings`` |
| ``aptheory detection`` | ``comparison`` | ``run_detection_command`` |
| Figure 1 analogue, the task | ``figures`` | ``fig_loss_curves``, ``fig_task`` |

Notation as in ``docs/MATH.md``.
"""
